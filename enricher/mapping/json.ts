/**
 * JSON with Enrich's (circe's) printing rules (spec/enrich.md §1.3): compact, keys in received order, numbers with
 * their original lexeme. Parsing is done twice only when it matters: `JSON.parse` always (fast; its result is what
 * Iglu validation sees), and `lossless-json` only when a number's lexeme would not survive `JSON.parse`
 * (`1.50`, `1e3`, `-0`, big integers). Nesting is limited before any parser runs, so hostile input cannot exhaust
 * the stack.
 */
import { isLosslessNumber, parse as losslessParse } from 'lossless-json';

/** Enrich's default `maxJsonDepth` (spec/enrich.md §5). */
export const MAX_JSON_DEPTH = 50;

export interface ParsedJson {
  /** Plain JS values (numbers as JS numbers): what the Iglu validator sees. */
  readonly plain: unknown;
  /** The same JSON with exact number lexemes (may share objects with `plain` when every lexeme is canonical). */
  readonly lossless: unknown;
}

export type JsonParseResult = { ok: true; json: ParsedJson } | { ok: false; error: string };

/** Scans once: nesting depth (outside strings) and whether any number lexeme is non-canonical. */
function scan(text: string, maxDepth: number): { tooDeep: boolean; lossy: boolean } {
  let depth = 0;
  let lossy = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // string: jump to the closing quote (native search), one not escaped by an odd run of backslashes
      let j = text.indexOf('"', i + 1);
      while (j >= 0) {
        let backslashes = 0;
        for (let b = j - 1; text.charCodeAt(b) === 92; b--) backslashes++;
        if ((backslashes & 1) === 0) break;
        j = text.indexOf('"', j + 1);
      }
      if (j < 0) break; // unterminated: JSON.parse reports it
      i = j;
    } else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return { tooDeep: true, lossy };
    } else if (c === 93 || c === 125) {
      depth--;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
        else break;
      }
      if (!lossy) {
        const lexeme = text.slice(i, j);
        if (String(Number(lexeme)) !== lexeme) lossy = true;
      }
      i = j - 1;
    }
  }
  return { tooDeep: false, lossy };
}

export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonParseResult {
  const s = scan(text, maxDepth);
  if (s.tooDeep) return { ok: false, error: `Maximum allowed JSON depth exceeded (${maxDepth})` };
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (!s.lossy) return { ok: true, json: { plain, lossless: plain } };
  let lossless: unknown;
  try {
    lossless = losslessParse(text);
  } catch {
    // lossless-json refuses duplicate keys with different values, which JSON (and circe) accept: keep plain.
    lossless = plain;
  }
  return { ok: true, json: { plain, lossless } };
}

/**
 * Whether native `JSON.stringify` prints `value` exactly as `stringifyJson` does: plain objects and arrays of
 * strings, finite or non-finite numbers, booleans and null (members that are undefined or functions are skipped by
 * both). Anything else (LosslessNumber, bigint, symbols, toJSON, class instances, deeper than 100 levels) is left
 * to the JavaScript printer.
 */
function nativeSafe(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) {
    const t = typeof value;
    return t === 'string' || t === 'number' || t === 'boolean' || value === null || t === 'undefined' || t === 'function';
  }
  if (depth > 100) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!nativeSafe(value[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (key === 'toJSON' || !nativeSafe((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Compact JSON text; LosslessNumbers print their lexeme; `undefined` members are skipped like JSON.stringify. */
export function stringifyJson(value: unknown): string {
  // Native printing when it gives the same text (the common case: no LosslessNumber anywhere).
  if (typeof value === 'object' && value !== null && nativeSafe(value, 0)) return JSON.stringify(value);
  return stringifyJsonSlow(value);
}

function stringifyJsonSlow(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return 'null';
      if (isLosslessNumber(value)) return (value as { value: string }).value;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined || typeof item === 'function' ? 'null' : stringifyJsonSlow(item);
        }
        return out + ']';
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
      let out = '{';
      let first = true;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || typeof v === 'function') continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(key) + ':' + stringifyJsonSlow(v);
      }
      return out + '}';
    }
    default:
      return 'null';
  }
}

/** Plain JS values for validation: LosslessNumbers become numbers; returns the input itself when it has none. */
export function toPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isLosslessNumber(value)) return Number((value as { value: string }).value);
  if (!containsLossless(value, 0)) return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toPlain((value as Record<string, unknown>)[key]);
  return out;
}

function containsLossless(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (isLosslessNumber(value)) return true;
  if (depth > 200) return false;
  if (Array.isArray(value)) return value.some((v) => containsLossless(v, depth + 1));
  for (const key of Object.keys(value)) {
    if (containsLossless((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
