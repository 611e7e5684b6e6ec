import { createHash } from 'node:crypto';
import type { EnrichDeps, EnrichPayload, EnrichResult, RecordContext } from '../api';
import { toEnrichedRecord, type EnrichedRecord } from '../batching/enriched-record';

/**
 * EnrichPayload with its dependencies bound: what the runtimes call per record. `position` (stream/shard/sequence
 * number) makes the output a function of the input alone: bad-row failure timestamps take the batch's etl_tstamp
 * and event ids generated for events without `eid` derive from the position — so a replayed record gives the
 * same bytes.
 */
export type EnrichFn = (record: Uint8Array, ctx: RecordContext, position?: string) => Promise<EnrichResult>;

export function bindEnrich(enrichPayload: EnrichPayload, deps: EnrichDeps): EnrichFn {
  return (record, ctx, position) => {
    if (position === undefined) return enrichPayload(record, ctx, deps);
    let n = 0;
    return enrichPayload(record, ctx, { ...deps, clock: () => ctx.etlTimestamp, uuid: () => positionUuid(position, n++) });
  };
}

/** A UUID (RFC 9562 version 8, name-based) from an input position and an index: stable across replays. */
export function positionUuid(position: string, index: number): string {
  const h = createHash('sha256').update(`${position}#${index}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
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
 * `etl_tstamp`. `positionPrefix` (`<stream>/<shardId>/`) + the sequence number is each record's position.
 * Rejects if any record's enrichment rejects (an infrastructure fault: the caller retries).
 */
export async function enrichRecords(
  records: readonly InputRecord[],
  etlTimestamp: number,
  enrich: EnrichFn,
  positionPrefix?: string,
): Promise<EnrichedRecord[]> {
  return Promise.all(
    records.map(async (r) => {
      const ctx = { etlTimestamp, arrivalTimestamp: r.arrivalTimestamp };
      const position = positionPrefix === undefined ? undefined : `${positionPrefix}${r.sequenceNumber}`;
      return toEnrichedRecord(r.sequenceNumber, ctx, await enrich(r.data, ctx, position));
    }),
  );
}
