import type { EnrichDeps, EnrichPayload, EnrichResult, RecordContext } from '../api';
import { toEnrichedRecord, type EnrichedRecord } from '../batching/enriched-record';

/** EnrichPayload with its dependencies bound: what the runtimes call per record. */
export type EnrichFn = (record: Uint8Array, ctx: RecordContext) => Promise<EnrichResult>;

export function bindEnrich(enrichPayload: EnrichPayload, deps: EnrichDeps): EnrichFn {
  return (record, ctx) => enrichPayload(record, ctx, deps);
}

/** One raw input record with its position in the shard. */
export interface InputRecord {
  readonly sequenceNumber: string;
  readonly data: Uint8Array;
  /** Kinesis ApproximateArrivalTimestamp, epoch ms. */
  readonly arrivalTimestamp: number;
}

/**
 * Enriches records concurrently (Iglu lookups may await) and returns them in input order, all with the same
 * `etl_tstamp`. Rejects if any record's enrichment rejects (an infrastructure fault: the caller retries).
 */
export async function enrichRecords(records: readonly InputRecord[], etlTimestamp: number, enrich: EnrichFn): Promise<EnrichedRecord[]> {
  return Promise.all(
    records.map(async (r) => {
      const ctx = { etlTimestamp, arrivalTimestamp: r.arrivalTimestamp };
      return toEnrichedRecord(r.sequenceNumber, ctx, await enrich(r.data, ctx));
    }),
  );
}
