/**
 * Failure messages of Snowplow bad rows (spec/enrich.md §3.3). Variants carry no type tag: they are told apart by
 * their keys, exactly as the badrows schemas define them.
 */
import type { IgluClientError } from '../iglu/types';
import type { IgluParseError } from './self-describing';

export interface InputDataMessage {
  field: string;
  value: string | null;
  expectation: string;
}
export interface NotJsonMessage {
  field: string;
  value: string | null;
  error: string;
}
export interface NotIgluMessage {
  json: unknown;
  error: IgluParseError;
}
export interface CriterionMismatchMessage {
  schemaKey: string;
  schemaCriterion: string;
}
export interface IgluErrorMessage {
  schemaKey: string;
  error: IgluClientError;
}

/** adapter_failures / tracker_protocol_violations messages. */
export type AdapterMessage = InputDataMessage | NotJsonMessage | NotIgluMessage | CriterionMismatchMessage | IgluErrorMessage;
/** schema_violations messages. */
export type SchemaViolationMessage = NotJsonMessage | NotIgluMessage | CriterionMismatchMessage | IgluErrorMessage;

export interface AtomicDataReport {
  message: string;
  path: string;
  keyword: 'atomic_field_parse_error' | 'atomic_field_length_exceeded';
  targets: string[];
}

/** Atomic-field problems are one IgluError on `atomic/jsonschema/1-0-0` listing every field (§1.8, §2.5). */
export function atomicViolation(reports: AtomicDataReport[]): IgluErrorMessage {
  return {
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0',
    error: { error: 'ValidationError', dataReports: reports },
  };
}
