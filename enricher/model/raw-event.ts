/**
 * One event as an adapter produced it from a CollectorPayload, before mapping (Snowplow's `RawEvent`,
 * spec/enrich.md §3.3 `Payload.EnrichmentPayload.raw`). Parameters keep their insertion order.
 */
export interface RawEvent {
  readonly vendor: string;
  readonly version: string;
  /** Tracker parameters after `&`/`;` splitting (last duplicate wins), in insertion order. */
  readonly parameters: ReadonlyMap<string, string>;
  readonly contentType: string | null;
  /** The thrift `collector` string (Snowplow calls it `loaderName`). */
  readonly loaderName: string;
  readonly encoding: string;
  readonly hostname: string | null;
  /** Collector timestamp, epoch ms. */
  readonly timestamp: number;
  readonly ipAddress: string | null;
  readonly useragent: string | null;
  readonly refererUri: string | null;
  /** The CollectorPayload headers list, `Name: value` strings as received. */
  readonly headers: readonly string[];
  /** The thrift `networkUserId`. */
  readonly userId: string | null;
}
