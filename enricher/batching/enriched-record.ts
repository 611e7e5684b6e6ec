import type { BadOutput, EnrichResult, GoodOutput } from '../api';
import { hourPartitionOr } from './hour-partition';

/** One input record after enrichment, with its position: the unit that batches are made of. */
export interface EnrichedRecord {
  /** Kinesis sequence number (decimal string; compare with BigInt). */
  readonly sequenceNumber: string;
  /** ApproximateArrivalTimestamp, epoch ms: the partition of lines whose own timestamp is unusable. */
  readonly arrivalTimestamp: number;
  /** The `etl_tstamp` the record was enriched with: every record of one batch shares it (replays are byte-identical). */
  readonly etlTimestamp: number;
  readonly good: readonly GoodOutput[];
  readonly bad: readonly BadOutput[];
  readonly dropped: number;
  /**
   * The partition that decides batch cuts: the collector hour of the record's enriched events (all events of one
   * collector payload share its timestamp), or undefined when it has none. Records with only bad rows never cut a
   * batch: their rows join the open batch under their own hour (an undecodable record's is its arrival hour, which
   * may differ from the events' hour when old data is replayed — cutting there would shred batches).
   */
  readonly partition: string | undefined;
  /** UTF-16 length of all lines plus newlines: the batch size measure (cheap, proportional to bytes). */
  readonly size: number;
}

export function toEnrichedRecord(
  sequenceNumber: string,
  ctx: { readonly arrivalTimestamp: number; readonly etlTimestamp: number },
  result: EnrichResult,
): EnrichedRecord {
  const { arrivalTimestamp, etlTimestamp } = ctx;
  let size = 0;
  for (const g of result.good) size += g.tsv.length + 1;
  for (const b of result.bad) size += b.json.length + 1;
  const first = result.good.length > 0 ? result.good[0].collectorTimestamp : undefined;
  return {
    sequenceNumber,
    arrivalTimestamp,
    etlTimestamp,
    good: result.good,
    bad: result.bad,
    dropped: result.dropped,
    partition: first === undefined ? undefined : hourPartitionOr(first, arrivalTimestamp),
    size,
  };
}
