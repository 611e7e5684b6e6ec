/**
 * `sleet enrich --input FILE --good FILE --bad FILE [--resolver FILE] [--enrichments DIR]`: enriches raw collector
 * payloads from a file, one base64 Thrift record per line (blank lines skipped), and writes enriched TSV lines and
 * bad-row JSON lines — for debugging, backfills and compatibility checks. A line that is not base64 at all is still
 * enriched (it becomes a collector_payload_format_violation), so every input line is accounted for.
 */
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createLogger } from '../../common/logger';
import { loadEnrichRuntime } from '../runtimes/load-enrich-runtime';
import { enrichRecord } from '../enrich-payload';

export const USAGE = `usage: sleet enrich --input FILE --good FILE --bad FILE [--resolver FILE] [--enrichments DIR]
                    [--max-record-bytes N]

  --input FILE         raw collector payloads, one base64 Thrift record per line ("-" = stdin)
  --good FILE          enriched events, one 131-column TSV line each
  --bad FILE           bad rows, one self-describing JSON per line
  --resolver FILE      Iglu resolver config (Snowplow resolver-config 1-0-*); default: Sleet's own
  --enrichments DIR    directory of Snowplow enrichment configs; default: none
  --max-record-bytes N size above which an output becomes a size_violation (default 1000000)`;

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        input: { type: 'string' },
        good: { type: 'string' },
        bad: { type: 'string' },
        resolver: { type: 'string' },
        enrichments: { type: 'string' },
        'max-record-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`sleet enrich: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const missing = (['input', 'good', 'bad'] as const).filter((k) => args[k] === undefined);
  const maxRecordBytes = args['max-record-bytes'] === undefined ? 1_000_000 : Number(args['max-record-bytes']);
  if (missing.length > 0 || !Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1000) {
    const problem = missing.length > 0 ? `missing ${missing.map((m) => `--${m}`).join(', ')}` : '--max-record-bytes must be an integer ≥ 1000';
    process.stderr.write(`sleet enrich: ${problem}\n\n${USAGE}\n`);
    return 2;
  }
  const log = createLogger({ name: 'sleet-enrich', destination: process.stderr });
  const runtime = await loadEnrichRuntime(
    {
      resolverConfigFile: args.resolver ?? null,
      enrichmentsDir: args.enrichments ?? null,
      enrichmentCacheDir: '.sleet-cache/enrichments',
      enrichmentFilesRefreshSecs: 0, // one-shot run: files are read once
      maxRecordBytes,
    },
    { log },
  );
  const input = args.input === '-' ? process.stdin : createReadStream(args.input as string);
  const good = createWriteStream(args.good as string);
  const bad = createWriteStream(args.bad as string);
  const counts = { lines: 0, good: 0, bad: 0, dropped: 0 };
  try {
    const etlTimestamp = Date.now();
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      const text = line.trim();
      if (text === '') continue;
      counts.lines++;
      const record = Buffer.from(text, 'base64');
      const result = await enrichRecord(record, { etlTimestamp, arrivalTimestamp: Date.now() }, runtime.deps);
      for (const g of result.good) await write(good, `${g.tsv}\n`);
      for (const b of result.bad) await write(bad, `${b.json}\n`);
      counts.good += result.good.length;
      counts.bad += result.bad.length;
      counts.dropped += result.dropped;
    }
  } finally {
    await Promise.all([close(good), close(bad)]);
    await runtime.close();
  }
  process.stderr.write(`sleet enrich: ${counts.lines} records → ${counts.good} good, ${counts.bad} bad, ${counts.dropped} dropped\n`);
  return 0;
}
