/**
 * Prepares a schema document for compilation, copying it (the cached document is never changed):
 *
 * - Remote `$ref`s (anything not starting with `#`) become `{}`. Snowplow's validator resolves every http(s) `$ref`
 *   to an empty schema (spec/iglu-and-output.md §1.2), so nothing is ever fetched and external refs never restrict
 *   data. In draft-04 a `$ref` object is only its reference, so the whole object is replaced.
 * - Draft-04 `id`s are removed: they would register schemas by URI in the shared ajv instance, where two schemas
 *   claiming one id collide (and a hostile schema could shadow another).
 * - Nesting deeper than `maxDepth` subschemas is refused (a stack overflow in the compiler must not be reachable).
 *
 * Only subschema positions are walked, so a property *named* `$ref` or `id` is left alone.
 */

const SCHEMA_VALUED = ['additionalItems', 'additionalProperties', 'not', 'items'];
const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];

export class SchemaTooDeepError extends Error {}

/** Maximum JSON nesting of a schema document (objects and arrays), checked before any recursive processing. */
export const MAX_SCHEMA_JSON_DEPTH = 128;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: safe on any input). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names an object inherits from Object.prototype (`constructor`, `toString`, `__proto__`, …). */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface SanitizedSchema {
  readonly schema: Json;
  /**
   * True when the schema names a property that plain objects inherit (`required: ["toString"]`,
   * `properties: {"constructor": …}`): such schemas must be compiled with ajv's `ownProperties`, which costs about
   * 40% of validation speed, so only they get it.
   */
  readonly needsOwnProperties: boolean;
}

export function sanitizeSchema(schema: Json, maxDepth = 64): SanitizedSchema {
  const state = { inherited: false };
  const out = sanitize(schema, 0, maxDepth, true, state) as Json;
  return { schema: out, needsOwnProperties: state.inherited };
}

function namesInherited(names: unknown, state: { inherited: boolean }): void {
  if (Array.isArray(names)) for (const n of names) if (typeof n === 'string' && INHERITED_NAMES.has(n)) state.inherited = true;
}

function sanitize(node: unknown, depth: number, maxDepth: number, root: boolean, state: { inherited: boolean }): unknown {
  if (!isObject(node)) return node;
  if (depth > maxDepth) throw new SchemaTooDeepError(`schema nesting exceeds ${maxDepth} levels`);
  const ref = node.$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'id' && typeof v === 'string') continue;
    if (k === '$schema' && root) continue;
    if (k === 'required') namesInherited(v, state);
    if ((k === 'properties' || k === 'dependencies') && isObject(v)) namesInherited(Object.keys(v), state);
    if (SCHEMA_VALUED.includes(k) && isObject(v)) set(out, k, sanitize(v, depth + 1, maxDepth, false, state));
    else if (SCHEMA_ARRAYS.includes(k) && Array.isArray(v)) set(out, k, v.map((s) => sanitize(s, depth + 1, maxDepth, false, state)));
    else if (SCHEMA_MAPS.includes(k) && isObject(v)) {
      const m: Json = {};
      for (const [name, s] of Object.entries(v)) {
        if (k === 'dependencies') namesInherited(s, state);
        set(m, name, Array.isArray(s) ? s : sanitize(s, depth + 1, maxDepth, false, state));
      }
      set(out, k, m);
    } else set(out, k, v);
  }
  return out;
}

/** Own-property assignment: a key named `__proto__` (possible in parsed JSON) must not change the prototype. */
function set(obj: Json, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
