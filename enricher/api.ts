/**
 * The contract between the pure enrichment core and its runtimes (Lambda, standalone consumer, local mode, CLI).
 * `enrichPayload` (enricher/enrich-payload.ts) implements it: one Kinesis record in, good TSV lines and bad rows out.
 * It performs no I/O except Iglu schema lookups, which are cached after the first use.
 */
import type { Logger } from '../common/logger';
import type { EnrichmentRegistry } from './enrichments/enrichment';
import type { IgluValidator } from './iglu/types';

export interface EnrichDeps {
  readonly iglu: IgluValidator;
  readonly enrichments: EnrichmentRegistry;
  /** `processor` of bad rows and `v_etl` (`sleet-<version>`). */
  readonly processor: { readonly artifact: string; readonly version: string };
  /** Max UTF-8 bytes of one TSV line or bad row before it becomes a size_violation (default 1,000,000 for S3). */
  readonly maxRecordBytes: number;
  /** Atomic field length limits overriding the defaults of common/enriched-fields.ts. */
  readonly atomicFieldLimits?: Readonly<Record<string, number>>;
  readonly log?: Logger;
  /** Clock for bad-row `failure.timestamp` (epoch ms); defaults to `Date.now`. Tests pin it. */
  readonly clock?: () => number;
  /** Generator of `event_id` when the tracker sent no `eid`; defaults to `crypto.randomUUID`. Tests pin it. */
  readonly uuid?: () => string;
}

export interface RecordContext {
  /** `etl_tstamp`, epoch ms: one value per batch read (spec/enrich.md §1.6). */
  readonly etlTimestamp: number;
  /**
   * Used for the output partition of bad rows whose collector timestamp is unknown (undecodable input):
   * the Kinesis ApproximateArrivalTimestamp, so that a replay lands in the same partition.
   */
  readonly arrivalTimestamp: number;
}

export interface GoodOutput {
  /** The 131-column TSV line, without trailing newline. */
  readonly tsv: string;
  readonly eventId: string;
  /** Collector timestamp, epoch ms: decides the dt=/hr= partition. */
  readonly collectorTimestamp: number;
}

export interface BadOutput {
  /** Compact self-describing bad row JSON, without trailing newline. */
  readonly json: string;
  /** Bad row schema URI (`iglu:com.snowplowanalytics.snowplow.badrows/<type>/jsonschema/<ver>`). */
  readonly schema: string;
  /** Collector timestamp when known, else the record's arrival timestamp, epoch ms: decides the partition. */
  readonly partitionTimestamp: number;
}

export interface EnrichResult {
  readonly good: GoodOutput[];
  readonly bad: BadOutput[];
  /** Events dropped on purpose by the JavaScript enrichment (`drop()`): counted, never silent. */
  readonly dropped: number;
}

export type EnrichPayload = (record: Uint8Array, ctx: RecordContext, deps: EnrichDeps) => Promise<EnrichResult>;
