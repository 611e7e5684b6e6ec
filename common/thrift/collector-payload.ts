/**
 * Snowplow's raw record, `iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0`, serialised as a bare
 * Thrift struct with TBinaryProtocol (spec/collector.md §4.1–4.2). Wire field ids are 100…410 and 31337 (not the
 * ids in Iglu Central's IDL string). Fields are written in ascending id order, so `schema` comes last, which makes
 * our records byte-identical to the ones Snowplow's collector writes.
 */
export const COLLECTOR_PAYLOAD_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0';

export interface CollectorPayload {
  schema: string;
  ipAddress: string;
  /** Collector receive time, epoch milliseconds. */
  timestamp: number;
  encoding: string;
  collector: string;
  userAgent?: string;
  refererUri?: string;
  path?: string;
  querystring?: string;
  body?: string;
  headers?: string[];
  contentType?: string;
  hostname?: string;
  networkUserId?: string;
}

export const enum ThriftType {
  STOP = 0,
  BOOL = 2,
  BYTE = 3,
  DOUBLE = 4,
  I16 = 6,
  I32 = 8,
  I64 = 10,
  STRING = 11,
  STRUCT = 12,
  MAP = 13,
  SET = 14,
  LIST = 15,
}

type StringField = Exclude<keyof CollectorPayload, 'timestamp' | 'headers'>;

/** Wire id → field, for the string fields. */
export const STRING_FIELD_IDS: ReadonlyArray<readonly [number, StringField]> = [
  [100, 'ipAddress'],
  [210, 'encoding'],
  [220, 'collector'],
  [300, 'userAgent'],
  [310, 'refererUri'],
  [320, 'path'],
  [330, 'querystring'],
  [340, 'body'],
  [360, 'contentType'],
  [400, 'hostname'],
  [410, 'networkUserId'],
  [31337, 'schema'],
];
export const TIMESTAMP_FIELD_ID = 200;
export const HEADERS_FIELD_ID = 350;
