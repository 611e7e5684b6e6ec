/**
 * The event as the JavaScript enrichment's script sees it, and back: typed values for the bean getters (numbers for
 * int/float/bool fields, strings otherwise, the JSON columns as self-describing JSON strings), and the conversion of
 * values the script set back into TSV text (strings cleaned of tabs and control characters so that the TSV stays
 * valid, which Enrich itself does not do).
 */
import { isLosslessNumber, parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { ENRICHED_FIELDS, EnrichedFieldType } from '../../common/enriched-fields';
import type { AtomicFieldName, EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { makeTsvSafe } from './referer-parser-tsv-safe';

const CONTEXTS_WRAPPER = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';
const UNSTRUCT_WRAPPER = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
const JSON_FIELDS = ['contexts', 'unstruct_event', 'derived_contexts'] as const;
type JsonField = (typeof JSON_FIELDS)[number];

const TYPES: ReadonlyMap<string, EnrichedFieldType> = new Map(ENRICHED_FIELDS.map((f) => [f.name, f.type]));
/** Every column has a getter and a setter: `getApp_id()`, `setApp_id(v)`, …, `getContexts()`. */
export const SCRIPT_FIELD_NAMES: readonly string[] = ENRICHED_FIELDS.map((f) => f.name);
const ATOMIC_NAMES: readonly string[] = SCRIPT_FIELD_NAMES.filter((n) => !(JSON_FIELDS as readonly string[]).includes(n));

function toScriptValue(name: string, text: string | null): string | number | null {
  if (text === null) return null;
  const type = TYPES.get(name);
  return type === 'int' || type === 'float' || type === 'bool01' ? Number(text) : text;
}

function wrap(entities: readonly SelfDescribingJson[], wrapper: string): string | null {
  return entities.length === 0 ? null : (stringifyLossless({ schema: wrapper, data: entities }) ?? null);
}

/** The JSON passed to the sandbox for one event: only the columns that are set (getters return null for others). */
export function scriptEventJson(event: EnrichedEvent, headers: readonly string[]): string {
  const fields: Record<string, unknown> = {};
  const rec = event as unknown as Record<string, string | null>;
  for (const name of ATOMIC_NAMES) {
    const text = rec[name];
    if (text !== null) fields[name] = toScriptValue(name, text);
  }
  const contexts = wrap(event.contexts, CONTEXTS_WRAPPER);
  if (contexts !== null) fields.contexts = contexts;
  const derived = wrap(event.derived_contexts, CONTEXTS_WRAPPER);
  if (derived !== null) fields.derived_contexts = derived;
  if (event.unstruct_event !== null) fields.unstruct_event = stringifyLossless({ schema: UNSTRUCT_WRAPPER, data: event.unstruct_event });
  const headerMap: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon < 0) continue;
    const name = header.slice(0, colon).trim().toLowerCase();
    const value = header.slice(colon + 1).trim();
    headerMap[name] = Object.hasOwn(headerMap, name) ? `${headerMap[name]}, ${value}` : value;
  }
  // Plain JSON.stringify is enough: the JSON columns are already (losslessly) serialised strings.
  return JSON.stringify({ fields, headers: headerMap });
}

/** Converts one value set by the script to the field's TSV text; throws Error with a message for the failure. */
export function fromScriptValue(name: string, value: unknown): string | null {
  const v = isLosslessNumber(value) ? Number(value.value) : value;
  if (v === null) return null;
  const type = TYPES.get(name);
  const bad = (expected: string): never => {
    throw new Error(`set${name[0].toUpperCase()}${name.slice(1)}: expected ${expected}, got ${JSON.stringify(v)?.slice(0, 100)}`);
  };
  switch (type) {
    case 'int': {
      const n = typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) return bad('a 32-bit integer');
      return String(n);
    }
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad('a finite number');
      return Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v);
    }
    case 'bool01':
      if (v === true || v === 1 || v === '1') return '1';
      if (v === false || v === 0 || v === '0') return '0';
      return bad('a boolean or 0/1');
    case 'decimal':
      if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v))) {
        return String(v);
      }
      return bad('a decimal number');
    case 'timestamp':
      if (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/.test(v)) return v;
      return bad('a timestamp "yyyy-MM-dd HH:mm:ss.SSS"');
    default:
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return makeTsvSafe(String(v));
      return bad('a string');
  }
}

function isSelfDescribing(value: unknown): value is SelfDescribingJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { schema?: unknown }).schema === 'string' && 'data' in value;
}

/** Parses what the script passed to setContexts / setDerived_contexts / setUnstruct_event. */
export function fromScriptJson(name: JsonField, value: unknown): SelfDescribingJson[] | SelfDescribingJson | null {
  if (value === null) return name === 'unstruct_event' ? null : [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = parseLossless(value);
    } catch (err) {
      throw new Error(`set${name[0].toUpperCase()}${name.slice(1)}: not valid JSON (${(err as Error).message})`);
    }
  }
  if (!isSelfDescribing(parsed)) throw new Error(`set${name[0].toUpperCase()}${name.slice(1)}: expected a self-describing JSON`);
  if (name === 'unstruct_event') {
    if (!isSelfDescribing(parsed.data)) throw new Error('setUnstruct_event: data must be a self-describing event');
    return { schema: parsed.data.schema, data: parsed.data.data };
  }
  if (!Array.isArray(parsed.data) || !parsed.data.every(isSelfDescribing)) {
    throw new Error(`set${name[0].toUpperCase()}${name.slice(1)}: data must be an array of self-describing JSONs`);
  }
  return (parsed.data as SelfDescribingJson[]).map((e) => ({ schema: e.schema, data: e.data }));
}

/** Applies the script's changes (already validated) to the event. */
export function applyScriptChanges(event: EnrichedEvent, set: Readonly<Record<string, unknown>>): void {
  const converted: Array<() => void> = [];
  for (const [name, value] of Object.entries(set)) {
    if (!TYPES.has(name)) continue;
    if ((JSON_FIELDS as readonly string[]).includes(name)) {
      const parsed = fromScriptJson(name as JsonField, value);
      if (name === 'unstruct_event') converted.push(() => (event.unstruct_event = parsed as SelfDescribingJson | null));
      else converted.push(() => (event[name as 'contexts' | 'derived_contexts'] = parsed as SelfDescribingJson[]));
    } else {
      const text = fromScriptValue(name, value);
      converted.push(() => (event[name as AtomicFieldName] = text));
    }
  }
  // All or nothing: a bad value makes the event a bad row without half-applied changes.
  for (const apply of converted) apply();
}

export function validateScriptContexts(output: unknown): SelfDescribingJson[] {
  if (output === null || output === undefined) return [];
  if (!Array.isArray(output)) throw new Error('the script must return an array of self-describing JSONs or null');
  return output.map((entity, i) => {
    if (!isSelfDescribing(entity)) throw new Error(`element ${i} is not self-describing JSON (expected {schema, data})`);
    return { schema: entity.schema, data: entity.data };
  });
}
