/**
 * pii_enrichment_config — `iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-*`
 * (spec/enrich.md §4.8). The last mutating step: replaces personal values with the lower-case hex digest of
 * `value + salt` (UTF-8), in the listed atomic fields (`pojo`) and inside contexts / derived_contexts /
 * unstruct_event entities whose schema matches the criterion, at the JSONPath (`json`). Only string values (and
 * strings inside selected arrays) are replaced; numbers, objects and absent fields are left as they are. Entities are
 * copied before they are changed, so values cached or shared by earlier enrichments are never altered.
 *
 * `emitEvent` is accepted and ignored, as in Enrich 6.x (which no longer emits the pii_transformation event).
 * `anonymousOnly` (2-0-1) is read from the top level of the config (`ctx.config`).
 */
import { hash as digest } from 'node:crypto';
import { isLosslessNumber } from 'lossless-json';
import type { EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { Enrichment, EnrichmentFactory } from './enrichment';
import { criterionMatches, parsePiiConfig, PII_NAME, PiiConfig, PiiHashFunction, PiiJsonRule } from './pii-config';
import { locate } from './pii-json-path';
import { md2Hex } from './pii-md2';

export { parsePiiConfig } from './pii-config';
export type { PiiConfig } from './pii-config';

const NODE_HASHES: Record<Exclude<PiiHashFunction, 'MD2'>, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function piiHasher(hashFunction: PiiHashFunction, salt: string): (value: string) => string {
  if (hashFunction === 'MD2') return (value) => md2Hex(Buffer.from(value + salt, 'utf8'));
  const algorithm = NODE_HASHES[hashFunction];
  return (value) => digest(algorithm, value + salt, 'hex');
}

/** Deep copy of parsed JSON that keeps lossless-json numbers (structuredClone would turn them into plain objects). */
function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || isLosslessNumber(value)) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
  return out;
}

/** Hashes the strings at the rule's locations in `data`; returns whether anything changed. */
function pseudonymiseAt(rule: PiiJsonRule, data: unknown, hash: (v: string) => string): boolean {
  let changed = false;
  for (const { parent, key } of locate(rule.path, data)) {
    const holder = parent as Record<string | number, unknown>;
    const value = holder[key];
    if (typeof value === 'string') {
      holder[key] = hash(value);
      changed = true;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === 'string') {
          value[i] = hash(item);
          changed = true;
        }
      });
    }
  }
  return changed;
}

/** Returns the entity itself when no rule applies, else a changed copy. */
function pseudonymiseEntity(entity: SelfDescribingJson, rules: readonly PiiJsonRule[], hash: (v: string) => string): SelfDescribingJson {
  const applicable = rules.filter((r) => criterionMatches(r.criterion, entity.schema));
  if (applicable.length === 0) return entity;
  // Cheap check first: only copy when some rule selects a place in the original.
  if (!applicable.some((r) => locate(r.path, entity.data).length > 0)) return entity;
  const copy = { schema: entity.schema, data: cloneJson(entity.data) };
  let changed = false;
  for (const rule of applicable) changed = pseudonymiseAt(rule, copy.data, hash) || changed;
  return changed ? copy : entity;
}

function hasAnonymousHeader(headers: readonly string[]): boolean {
  return headers.some((h) => h.slice(0, 12).toLowerCase() === 'sp-anonymous');
}

/** The config's JSON rules grouped by column, computed once. */
interface RulesByField {
  readonly contexts: readonly PiiJsonRule[];
  readonly derived_contexts: readonly PiiJsonRule[];
  readonly unstruct_event: readonly PiiJsonRule[];
}

function groupRules(config: PiiConfig): RulesByField {
  const of = (f: PiiJsonRule['field']) => config.json.filter((r) => r.field === f);
  return { contexts: of('contexts'), derived_contexts: of('derived_contexts'), unstruct_event: of('unstruct_event') };
}

export function pseudonymiseEvent(
  event: EnrichedEvent,
  config: PiiConfig,
  hash: (v: string) => string,
  rules: RulesByField = groupRules(config),
): void {
  for (const field of config.pojo) {
    const value = event[field];
    if (value !== null) event[field] = hash(value);
  }
  if (rules.contexts.length > 0 && event.contexts.length > 0) {
    event.contexts = event.contexts.map((c) => pseudonymiseEntity(c, rules.contexts, hash));
  }
  if (rules.derived_contexts.length > 0 && event.derived_contexts.length > 0) {
    event.derived_contexts = event.derived_contexts.map((c) => pseudonymiseEntity(c, rules.derived_contexts, hash));
  }
  if (rules.unstruct_event.length > 0 && event.unstruct_event !== null) {
    event.unstruct_event = pseudonymiseEntity(event.unstruct_event, rules.unstruct_event, hash);
  }
}

export function createPii(config: PiiConfig): Enrichment {
  const hash = piiHasher(config.hashFunction, config.salt);
  const rules = groupRules(config);
  return {
    slot: 'pii',
    name: PII_NAME,
    enrich({ event, raw }) {
      if (config.anonymousOnly && !hasAnonymousHeader(raw.headers)) return undefined;
      pseudonymiseEvent(event, config, hash, rules);
      return undefined;
    },
  };
}

export const piiFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow.enrichments',
  name: PII_NAME,
  model: 2,
  // `anonymousOnly` / `emitEvent` sit at the top level of the config, beside `parameters`: read from ctx.config.
  create: async (parameters, ctx) => createPii(parsePiiConfig(parameters, ctx.file, ctx.config)),
};
