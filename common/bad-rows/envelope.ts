/**
 * Snowplow bad rows (`com.snowplowanalytics.snowplow.badrows/*`, spec/enrich.md §3): compact self-describing JSON
 * `{"schema":…,"data":{"processor":…,"failure":…,"payload":…}}`, keys in that order, absent values as null.
 */
export const BAD_ROW_VENDOR = 'com.snowplowanalytics.snowplow.badrows';

export const BAD_ROW_SCHEMAS = {
  collectorPayloadFormatViolation: `iglu:${BAD_ROW_VENDOR}/collector_payload_format_violation/jsonschema/1-0-0`,
  adapterFailures: `iglu:${BAD_ROW_VENDOR}/adapter_failures/jsonschema/1-0-0`,
  trackerProtocolViolations: `iglu:${BAD_ROW_VENDOR}/tracker_protocol_violations/jsonschema/1-0-1`,
  schemaViolations: `iglu:${BAD_ROW_VENDOR}/schema_violations/jsonschema/2-0-1`,
  enrichmentFailures: `iglu:${BAD_ROW_VENDOR}/enrichment_failures/jsonschema/2-0-1`,
  sizeViolation: `iglu:${BAD_ROW_VENDOR}/size_violation/jsonschema/1-0-0`,
  genericError: `iglu:${BAD_ROW_VENDOR}/generic_error/jsonschema/1-0-0`,
} as const;

export interface Processor {
  readonly artifact: string;
  readonly version: string;
}

export interface BadRow {
  readonly schema: string;
  readonly data: { processor: Processor; failure: unknown; payload: unknown };
}

export function badRow(schema: string, processor: Processor, failure: unknown, payload: unknown): BadRow {
  return { schema, data: { processor: { artifact: processor.artifact, version: processor.version }, failure, payload } };
}

/**
 * `failure.timestamp` format: java.time.Instant ISO text — millisecond precision, and no fractional part at all
 * when the milliseconds are 0 (spec/enrich.md §3.3).
 */
export function instantText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
