/**
 * Waits until the enricher's S3 output holds every expected event, then reads it once more after a quiet period
 * (so a late duplicate would still be seen) and indexes it by event id.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { BucketOutput, readBucketOutput } from './bucket-output';
import { EnrichedRow, parseEnrichedLine } from './enriched-tsv';

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
  /** Hard limit on the wait. */
  readonly timeoutMs: number;
  /** Give up earlier when the output has not changed for this long (something is lost, not late). */
  readonly stableMs: number;
  /** Time to wait after everything arrived, then read again (catches duplicates and extra bad rows). */
  readonly quietMs: number;
}

export interface AwaitedOutput {
  readonly output: PipelineOutput;
  /** True when every expected event and bad row arrived; otherwise the tests report what is missing. */
  readonly complete: boolean;
  readonly waitedMs: number;
}

/** Waits for the expected output; never throws on a shortfall (the assertions say precisely what is missing). */
export async function awaitPipelineOutput(
  s3: S3Client,
  bucket: string,
  prefix: string,
  expected: OutputExpectation,
): Promise<AwaitedOutput> {
  const started = Date.now();
  let lastSize = -1;
  let lastChange = Date.now();
  for (;;) {
    const output = indexOutput(await readBucketOutput(s3, bucket, prefix));
    const complete =
      [...expected.goodEventIds].every((id) => output.rowsByEventId.has(id)) && output.badRows.length >= expected.badRowCount;
    if (complete) {
      await new Promise((r) => setTimeout(r, expected.quietMs));
      return { output: indexOutput(await readBucketOutput(s3, bucket, prefix)), complete, waitedMs: Date.now() - started };
    }
    const size = output.rows.length + output.badRows.length;
    if (size !== lastSize) {
      lastSize = size;
      lastChange = Date.now();
    }
    if (Date.now() - started > expected.timeoutMs || Date.now() - lastChange > expected.stableMs) {
      return { output, complete, waitedMs: Date.now() - started };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
