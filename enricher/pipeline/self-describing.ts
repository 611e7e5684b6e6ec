/**
 * Self-describing JSON checks with Iglu core's parse errors (spec/enrich.md §3.3 NotIglu, CriterionMismatch).
 */
import type { SelfDescribingJson } from '../model/self-describing';

export type IgluParseError = 'INVALID_SCHEMAVER' | 'INVALID_IGLUURI' | 'INVALID_DATA_PAYLOAD' | 'INVALID_SCHEMA';

export interface SchemaKeyParts {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly version: string;
  readonly model: number;
  readonly revision: number;
  readonly addition: number;
}

const IGLU_URI = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;
const SCHEMA_VER = /^([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/;
const cache = new Map<string, SchemaKeyParts | IgluParseError>();

/** `SchemaKey.fromUri`. Results are memoised (schema URIs repeat across events). */
export function parseSchemaUri(uri: string): SchemaKeyParts | IgluParseError {
  const hit = cache.get(uri);
  if (hit !== undefined) return hit;
  let result: SchemaKeyParts | IgluParseError;
  const m = uri.length <= 1024 ? IGLU_URI.exec(uri) : null;
  if (m === null) result = 'INVALID_IGLUURI';
  else {
    const v = SCHEMA_VER.exec(m[4] as string);
    if (v === null) result = 'INVALID_SCHEMAVER';
    else {
      result = {
        vendor: m[1] as string,
        name: m[2] as string,
        format: m[3] as string,
        version: m[4] as string,
        model: Number(v[1]),
        revision: Number(v[2]),
        addition: Number(v[3]),
      };
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(uri, result);
  return result;
}

export type SdjParse = { ok: true; sdj: SelfDescribingJson; key: SchemaKeyParts } | { ok: false; error: IgluParseError };

/** `SelfDescribingData.parse` over the lossless value: an object with a string `schema` and a `data` member. */
export function parseSelfDescribing(value: unknown): SdjParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'INVALID_DATA_PAYLOAD' };
  const obj = value as Record<string, unknown>;
  const schema = obj.schema;
  if (typeof schema !== 'string') return { ok: false, error: 'INVALID_DATA_PAYLOAD' };
  const key = parseSchemaUri(schema);
  if (typeof key === 'string') return { ok: false, error: key };
  if (!Object.prototype.hasOwnProperty.call(obj, 'data')) return { ok: false, error: 'INVALID_DATA_PAYLOAD' };
  return { ok: true, sdj: { schema, data: obj.data }, key };
}

/** A criterion `iglu:vendor/name/format/M-*-*` (or `M-R-*`); matches the same vendor/name/format and model. */
export interface SchemaCriterion {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly model: number;
  readonly revision?: number;
  readonly addition?: number;
}

export function criterionText(c: SchemaCriterion): string {
  return `iglu:${c.vendor}/${c.name}/${c.format}/${c.model}-${c.revision ?? '*'}-${c.addition ?? '*'}`;
}

export function matchesCriterion(key: SchemaKeyParts, c: SchemaCriterion): boolean {
  return (
    key.vendor === c.vendor &&
    key.name === c.name &&
    key.format === c.format &&
    key.model === c.model &&
    (c.revision === undefined || key.revision === c.revision) &&
    (c.addition === undefined || key.addition === c.addition)
  );
}

const SNOWPLOW = 'com.snowplowanalytics.snowplow';
export const CONTEXTS_CRITERION: SchemaCriterion = { vendor: SNOWPLOW, name: 'contexts', format: 'jsonschema', model: 1, revision: 0 };
export const UNSTRUCT_CRITERION: SchemaCriterion = { vendor: SNOWPLOW, name: 'unstruct_event', format: 'jsonschema', model: 1, revision: 0 };
export const PAYLOAD_DATA_CRITERION: SchemaCriterion = { vendor: SNOWPLOW, name: 'payload_data', format: 'jsonschema', model: 1, revision: 0 };

export const CONTEXTS_SCHEMA = `iglu:${SNOWPLOW}/contexts/jsonschema/1-0-1`;
export const UNSTRUCT_SCHEMA = `iglu:${SNOWPLOW}/unstruct_event/jsonschema/1-0-0`;
export const VALIDATION_INFO_SCHEMA = 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0';
export const ATOMIC_SCHEMA = `iglu:${SNOWPLOW}/atomic/jsonschema/1-0-0`;
