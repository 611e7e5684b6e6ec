/**
 * `pii_enrichment_config` 2-0-* parameters (spec/enrich.md §4.8), checked and compiled: pojo fields against the
 * schema's list, JSON fields with a compiled schema criterion and JSONPath.
 */
import type { AtomicFieldName } from '../model/enriched-event';
import { EnrichmentConfigError } from './enrichment';
import { compileJsonPath, JsonPath } from './pii-json-path';

export const PII_NAME = 'pii_enrichment_config';

/** Atomic fields the schema allows in `pojo` (pii_enrichment_config 2-0-*). */
export const PII_POJO_FIELDS = [
  'user_id',
  'user_ipaddress',
  'user_fingerprint',
  'domain_userid',
  'network_userid',
  'ip_organization',
  'ip_domain',
  'tr_orderid',
  'ti_orderid',
  'mkt_term',
  'mkt_content',
  'se_category',
  'se_action',
  'se_label',
  'se_property',
  'mkt_clickid',
  'refr_domain_userid',
  'domain_sessionid',
] as const satisfies readonly AtomicFieldName[];
export type PiiPojoField = (typeof PII_POJO_FIELDS)[number];

export const PII_JSON_FIELDS = ['contexts', 'derived_contexts', 'unstruct_event'] as const;
export type PiiJsonField = (typeof PII_JSON_FIELDS)[number];

export const PII_HASH_FUNCTIONS = ['MD2', 'MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
export type PiiHashFunction = (typeof PII_HASH_FUNCTIONS)[number];

/** `iglu:vendor/name/format/M-R-A` where each version part may be `*`. */
export interface SchemaCriterion {
  readonly text: string;
  readonly prefix: string;
  readonly version: readonly (number | null)[];
}

export interface PiiJsonRule {
  readonly field: PiiJsonField;
  readonly criterion: SchemaCriterion;
  readonly path: JsonPath;
}

export interface PiiConfig {
  readonly pojo: readonly PiiPojoField[];
  readonly json: readonly PiiJsonRule[];
  readonly hashFunction: PiiHashFunction;
  readonly salt: string;
  /** When true, pseudonymise only events whose request had an `SP-Anonymous` header (schema 2-0-1). */
  readonly anonymousOnly: boolean;
}

const CRITERION = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([1-9][0-9]*|\*)-((?:0|[1-9][0-9]*)|\*)-((?:0|[1-9][0-9]*)|\*)$/;

export function parseSchemaCriterion(text: string): SchemaCriterion | null {
  const m = CRITERION.exec(text);
  if (m === null) return null;
  return { text, prefix: `iglu:${m[1]}/${m[2]}/${m[3]}/`, version: [m[4], m[5], m[6]].map((v) => (v === '*' ? null : Number(v))) };
}

const SCHEMA_URI = /^iglu:([a-zA-Z0-9-_.]+\/[a-zA-Z0-9-_]+\/[a-zA-Z0-9-_]+\/)(\d+)-(\d+)-(\d+)$/;

export function criterionMatches(criterion: SchemaCriterion, schema: unknown): boolean {
  if (typeof schema !== 'string') return false;
  const m = SCHEMA_URI.exec(schema);
  if (m === null || `iglu:${m[1]}` !== criterion.prefix) return false;
  return criterion.version.every((v, i) => v === null || v === Number(m[i + 2]));
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parsePiiConfig(parameters: unknown, file: string, data?: Readonly<Obj>): PiiConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, PII_NAME, problem);
  };
  if (!isObject(parameters)) return fail('parameters must be an object with "pii" and "strategy"');
  for (const key of Object.keys(parameters)) if (key !== 'pii' && key !== 'strategy') fail(`unknown parameter "${key}"`);
  if (!Array.isArray(parameters.pii)) return fail('parameters.pii must be an array of {"pojo": …} or {"json": …} entries');
  const pojo: PiiPojoField[] = [];
  const json: PiiJsonRule[] = [];
  parameters.pii.forEach((entry: unknown, i: number) => {
    const at = `parameters.pii[${i}]`;
    if (!isObject(entry) || Object.keys(entry).length !== 1 || !(isObject(entry.pojo) || isObject(entry.json))) {
      fail(`${at} must be an object with exactly one of "pojo" or "json"`);
    }
    const e = entry as Obj;
    if (isObject(e.pojo)) {
      const field = e.pojo.field;
      if (Object.keys(e.pojo).length !== 1 || !(PII_POJO_FIELDS as readonly unknown[]).includes(field)) {
        fail(`${at}.pojo.field must be one of ${PII_POJO_FIELDS.join(', ')}, got ${JSON.stringify(field)}`);
      }
      pojo.push(field as PiiPojoField);
      return;
    }
    const j = e.json as Obj;
    for (const key of Object.keys(j)) {
      if (!['field', 'schemaCriterion', 'jsonPath'].includes(key)) fail(`${at}.json has unknown key "${key}"`);
    }
    if (!(PII_JSON_FIELDS as readonly unknown[]).includes(j.field)) {
      fail(`${at}.json.field must be one of ${PII_JSON_FIELDS.join(', ')}, got ${JSON.stringify(j.field)}`);
    }
    const criterion = typeof j.schemaCriterion === 'string' ? parseSchemaCriterion(j.schemaCriterion) : null;
    if (criterion === null) {
      fail(`${at}.json.schemaCriterion must look like "iglu:com.acme/event/jsonschema/1-*-*", got ${JSON.stringify(j.schemaCriterion)}`);
    }
    if (typeof j.jsonPath !== 'string') return fail(`${at}.json.jsonPath must be a JSONPath string starting with $`);
    try {
      json.push({ field: j.field as PiiJsonField, criterion: criterion as SchemaCriterion, path: compileJsonPath(j.jsonPath) });
    } catch (err) {
      fail(`${at}.json.jsonPath: ${(err as Error).message}`);
    }
  });
  const strategy = parameters.strategy;
  if (!isObject(strategy) || !isObject(strategy.pseudonymize) || Object.keys(strategy).length !== 1) {
    return fail('parameters.strategy must be {"pseudonymize": {"hashFunction": …, "salt": …}}');
  }
  const { hashFunction, salt, ...rest } = strategy.pseudonymize;
  if (Object.keys(rest).length > 0) fail(`parameters.strategy.pseudonymize has unknown key "${Object.keys(rest)[0]}"`);
  if (!(PII_HASH_FUNCTIONS as readonly unknown[]).includes(hashFunction)) {
    fail(`parameters.strategy.pseudonymize.hashFunction must be one of ${PII_HASH_FUNCTIONS.join(', ')}, got ${JSON.stringify(hashFunction)}`);
  }
  if (typeof salt !== 'string') fail('parameters.strategy.pseudonymize.salt must be a string');
  const anonymousOnly = data?.anonymousOnly ?? false;
  if (typeof anonymousOnly !== 'boolean') fail('anonymousOnly must be a boolean');
  return { pojo, json, hashFunction: hashFunction as PiiHashFunction, salt: salt as string, anonymousOnly: anonymousOnly as boolean };
}
