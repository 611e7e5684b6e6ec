/**
 * Waits until the enricher's S3 output holds every expected event, then reads it once more after a quiet period
 * (so a late duplicate would still be seen) and indexes it by event id.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { BucketOutput, readBucketOutput } from './bucket-output';
import { EnrichedRow, parseEnrichedLine } from './enriched-tsv';
import { waitFor } from './sleet-process';

export interface BadRowLine {
  readonly key: string;
  readonly line: string;
  readonly json: { schema: string; data: Record<string, unknown> };
}

export interface PipelineOutput {
  readonly bucket: BucketOutput;
  /** Every good line, parsed, with the object key it came from. */
  readonly rows: ReadonlyArray<{ key: string; line: string; row: EnrichedRow }>;
  readonly rowsByEventId: ReadonlyMap<string, EnrichedRow[]>;
  readonly badRows: BadRowLine[];
}

export function indexOutput(bucket: BucketOutput): PipelineOutput {
  const rows = bucket.good.flatMap((o) => o.lines.map((line) => ({ key: o.key, line, row: parseEnrichedLine(line) })));
  const rowsByEventId = new Map<string, EnrichedRow[]>();
  for (const { row } of rows) rowsByEventId.set(row.event_id, [...(rowsByEventId.get(row.event_id) ?? []), row]);
  const badRows = bucket.bad.flatMap((o) =>
    o.lines.map((line) => ({ key: o.key, line, json: JSON.parse(line) as BadRowLine['json'] })),
  );
  return { bucket, rows, rowsByEventId, badRows };
}

export interface OutputExpectation {
  readonly goodEventIds: ReadonlySet<string>;
  readonly badRowCount: number;
  readonly timeoutMs: number;
  /** Time to wait after everything arrived, then read again (catches duplicates and extra bad rows). */
  readonly quietMs: number;
  readonly describe: () => string;
}

export async function awaitPipelineOutput(
  s3: S3Client,
  bucket: string,
  prefix: string,
  expected: OutputExpectation,
): Promise<PipelineOutput> {
  let last: PipelineOutput | undefined;
  const progress = () => {
    if (last === undefined) return 'nothing read from S3 yet';
    const missing = [...expected.goodEventIds].filter((id) => !last!.rowsByEventId.has(id));
    return `S3 has ${last.rows.length} good lines (${missing.length} of ${expected.goodEventIds.size} expected event ids missing: ${missing.slice(0, 5).join(', ')}) and ${last.badRows.length} bad rows (expected ${expected.badRowCount})`;
  };
  await waitFor(
    'the enriched events in S3',
    async () => {
      last = indexOutput(await readBucketOutput(s3, bucket, prefix));
      const complete = [...expected.goodEventIds].every((id) => last!.rowsByEventId.has(id));
      return complete && last.badRows.length >= expected.badRowCount ? true : undefined;
    },
    { timeoutMs: expected.timeoutMs, intervalMs: 500, describe: () => `${progress()}\n${expected.describe()}` },
  );
  await new Promise((r) => setTimeout(r, expected.quietMs));
  return indexOutput(await readBucketOutput(s3, bucket, prefix));
}
