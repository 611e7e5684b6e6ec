/**
 * `sleet schemas mirror --from URL --to DIR [--vendor V]... [--apikey KEY] [--schema URI]... [--keys FILE]`:
 * copies Iglu schemas from an HTTP repository into a directory usable as an embedded repository (air-gapped
 * deployments). See docs/iglu.md.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mirrorSchemas, MirrorError } from '../iglu/mirror';

export const USAGE = `usage: sleet schemas mirror --from URL --to DIR [--vendor V]... [--apikey KEY]
                            [--schema iglu:V/N/F/M-R-A]... [--keys FILE] [--dry-run]

Copies schemas from an Iglu repository into DIR/schemas/<vendor>/<name>/<format>/<version>, the layout of an
embedded repository (resolver config: {"embedded": {"path": "DIR"}}) and of a static registry.

  --from URL      repository URI as in a resolver config: a static registry (http://iglucentral.com) or an
                  Iglu Server (https://host/api)
  --to DIR        target directory (created if needed); existing identical files are left alone
  --vendor V      copy only vendor V and its sub-vendors (V.*); repeatable; default: every vendor listed
  --apikey KEY    Iglu Server API key (sent as the apikey header); also read from SLEET_IGLU_APIKEY
  --schema URI    copy exactly this schema; repeatable (static registries have no listing)
  --keys FILE     file of schema URIs, one per line (# comments), like --schema
  --dry-run       fetch and check, but write nothing

Without --schema/--keys the repository's listing is used: Iglu Server's listing API, or the "schemas" list
object that igluctl publishes to static registries. Exit status: 0 when every schema was copied, 1 when any
failed, 2 on usage errors.`;

function readKeys(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'mirror') {
    process.stderr.write(`sleet schemas: unknown subcommand ${JSON.stringify(sub)}\n\n${USAGE}\n`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        vendor: { type: 'string', multiple: true },
        apikey: { type: 'string' },
        schema: { type: 'string', multiple: true },
        keys: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`sleet schemas mirror: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.from === undefined || args.to === undefined) {
    process.stderr.write(`sleet schemas mirror: --from and --to are required\n\n${USAGE}\n`);
    return 2;
  }
  let schemaUris = args.schema ?? [];
  try {
    if (args.keys !== undefined) schemaUris = [...schemaUris, ...readKeys(args.keys)];
    const url = new URL(args.from);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--from must be an http(s) URI`);
  } catch (e) {
    process.stderr.write(`sleet schemas mirror: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const report = await mirrorSchemas({
      from: args.from,
      to: args.to,
      vendors: args.vendor ?? [],
      apikey: args.apikey ?? process.env.SLEET_IGLU_APIKEY ?? null,
      schemaUris,
      dryRun: args['dry-run'] === true,
    });
    const out = process.stdout;
    for (const uri of report.written) out.write(`new        ${uri}\n`);
    for (const uri of report.updated) out.write(`updated    ${uri}\n`);
    for (const uri of report.unchanged) out.write(`unchanged  ${uri}\n`);
    for (const f of report.failed) process.stderr.write(`failed     ${f.uri}: ${f.reason}\n`);
    for (const i of report.ignored) process.stderr.write(`ignored    ${i}\n`);
    const total = report.written.length + report.updated.length + report.unchanged.length;
    out.write(
      `${args['dry-run'] === true ? 'checked' : 'mirrored'} ${total} schemas from ${report.source === 'listing' ? 'the listing' : 'the given keys'} ` +
        `(${report.written.length} new, ${report.updated.length} updated, ${report.unchanged.length} unchanged), ${report.failed.length} failed\n`,
    );
    if (total === 0 && report.failed.length === 0) process.stderr.write('sleet schemas mirror: no schema matched\n');
    return report.failed.length > 0 ? 1 : 0;
  } catch (e) {
    if (!(e instanceof MirrorError)) throw e;
    process.stderr.write(`sleet schemas mirror: ${e.message}\n`);
    return 1;
  }
}
