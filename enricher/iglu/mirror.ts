/**
 * `sleet schemas mirror`: copies schemas from an HTTP repository (static registry or Iglu Server) into a directory
 * in the Iglu layout `DIR/schemas/{vendor}/{name}/{format}/{version}`, for air-gapped deployments. The directory is
 * then an embedded repository (`{"embedded": {"path": "DIR"}}`) or can be served as a static registry.
 *
 * Which schemas: the explicit keys when given; otherwise the repository's listing (Iglu Server's listing API, or the
 * `schemas` list object igluctl publishes), filtered by vendor. Every schema is linted (Iglu meta-schema, `self`
 * matching its key) before it is written; files are written byte for byte, atomically.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createSchemaEngine } from './ajv-setup';
import { lintSchema } from './compile-schema';
import { DEFAULT_HTTP_TIMEOUTS, DEFAULT_MAX_SCHEMA_BYTES, DEFAULT_RETRY } from './create-iglu-validator';
import { HttpRepository, HttpTimeouts } from './repositories/http';
import { listRepository } from './repositories/listing';
import { backoffDelayMs, parseSchemaDocument, RetryPolicy } from './resolver';
import { isSchemaKey, parseSchemaKey, SchemaKey, schemaKeyPath, schemaKeyUri } from './schema-key';

export interface MirrorOptions {
  /** Repository URI, as in a resolver config (`http://iglucentral.com`, `https://host/api`). */
  readonly from: string;
  /** Target directory; schemas go to `to/schemas/...`. */
  readonly to: string;
  /** Vendors to copy: a vendor matches `V` itself and its sub-vendors (`V.something`). Empty: every vendor. */
  readonly vendors: readonly string[];
  readonly apikey?: string | null;
  /** Explicit schema URIs; when given, no listing is asked for. */
  readonly schemaUris?: readonly string[];
  readonly concurrency?: number;
  readonly timeouts?: HttpTimeouts;
  readonly retry?: RetryPolicy;
  readonly maxSchemaBytes?: number;
  readonly dryRun?: boolean;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface MirrorReport {
  /** How the keys were found. */
  readonly source: 'explicit' | 'listing';
  readonly written: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  readonly failed: Array<{ uri: string; reason: string }>;
  /** Listing entries that were not Iglu URIs, and keys refused before any request (invalid URIs). */
  readonly ignored: string[];
}

export class MirrorError extends Error {}

export function vendorMatches(vendor: string, wanted: readonly string[]): boolean {
  return wanted.length === 0 || wanted.some((w) => vendor === w || vendor.startsWith(`${w}.`));
}

async function selectKeys(opts: MirrorOptions, timeouts: HttpTimeouts): Promise<{ keys: SchemaKey[]; ignored: string[]; source: MirrorReport['source'] }> {
  const ignored: string[] = [];
  if (opts.schemaUris !== undefined && opts.schemaUris.length > 0) {
    const keys: SchemaKey[] = [];
    for (const uri of opts.schemaUris) {
      const k = parseSchemaKey(uri);
      if (isSchemaKey(k)) keys.push(k);
      else ignored.push(`${uri} (${k})`);
    }
    return { keys: keys.filter((k) => vendorMatches(k.vendor, opts.vendors)), ignored, source: 'explicit' };
  }
  const listing = await listRepository(opts.from, opts.apikey ?? null, timeouts);
  if (listing.kind === 'unavailable') {
    throw new MirrorError(
      `cannot list ${opts.from} (${listing.reason}). Static registries without igluctl's list objects have no listing: ` +
        'name the schemas with --schema iglu:... or --keys FILE.',
    );
  }
  return { keys: listing.keys.filter((k) => vendorMatches(k.vendor, opts.vendors)), ignored: listing.skipped, source: 'listing' };
}

export async function mirrorSchemas(opts: MirrorOptions): Promise<MirrorReport> {
  const timeouts = opts.timeouts ?? DEFAULT_HTTP_TIMEOUTS;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const root = resolve(opts.to, 'schemas');
  const { keys, ignored, source } = await selectKeys(opts, timeouts);
  const repo = new HttpRepository({
    name: 'source',
    priority: 0,
    vendorPrefixes: [],
    uri: opts.from,
    apikey: opts.apikey ?? null,
    maxSchemaBytes: opts.maxSchemaBytes ?? DEFAULT_MAX_SCHEMA_BYTES,
    ...timeouts,
  });
  const engine = createSchemaEngine();
  const report: MirrorReport = { source, written: [], updated: [], unchanged: [], failed: [], ignored };
  const unique = [...new Map(keys.map((k) => [schemaKeyUri(k), k])).values()];

  const fetchText = async (key: SchemaKey): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const r = await repo.lookup(key);
      if (r.status === 'found') return r.text;
      if (r.status === 'too-large') throw new MirrorError(`larger than ${r.limitBytes} bytes`);
      const reason = 'message' in r.error ? r.error.message : 'not found';
      if (!r.retryable || attempt >= retry.maxAttempts) throw new MirrorError(reason);
      await sleep(backoffDelayMs(attempt, retry));
    }
  };

  const copy = async (key: SchemaKey): Promise<void> => {
    const uri = schemaKeyUri(key);
    try {
      const text = await fetchText(key);
      const parsed = parseSchemaDocument(text);
      if (typeof parsed === 'string') throw new MirrorError(parsed);
      const issues = lintSchema(engine, parsed.schema, key);
      if (issues.length > 0) throw new MirrorError(`invalid schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      const file = join(root, ...schemaKeyPath(key).split('/'));
      if (relative(root, file).startsWith('..') || !file.startsWith(root + sep)) throw new MirrorError('unsafe path');
      const existing = await readFile(file, 'utf8').catch(() => null);
      if (existing === text) return void report.unchanged.push(uri);
      if (opts.dryRun !== true) {
        await mkdir(dirname(file), { recursive: true });
        const tmp = `${file}.tmp-${process.pid}`;
        await writeFile(tmp, text);
        await rename(tmp, file);
      }
      (existing === null ? report.written : report.updated).push(uri);
    } catch (e) {
      report.failed.push({ uri, reason: (e as Error).message });
    }
  };

  const queue = [...unique];
  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, queue.length)) }, async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) await copy(key);
  });
  await Promise.all(workers);
  for (const list of [report.written, report.updated, report.unchanged]) list.sort();
  report.failed.sort((a, b) => (a.uri < b.uri ? -1 : 1));
  return report;
}
