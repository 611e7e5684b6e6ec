/**
 * Entity data shared between events. An enrichment whose context depends only on a cached input (a user agent, an
 * IP address) can hand every event the same `data` object instead of a copy, if that object can never change:
 * `shareEntityData` deep-freezes it and marks it as plain JSON (no LosslessNumber, no class instance). Steps that
 * rewrite entities (PII, the JavaScript enrichment) already work on copies. The TSV writer serialises a shared
 * object once (`sharedJsonText`), and validation skips the lossless → plain conversion for it.
 */
import { stringifyJson } from '../mapping/json';

const SHARED = new WeakSet<object>();
const TEXT = new WeakMap<object, string>();

function deepFreeze(value: unknown, depth: number): void {
  if (typeof value !== 'object' || value === null || depth > 32) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    throw new Error('shared entity data must be plain JSON (objects, arrays, strings, numbers, booleans, null)');
  }
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v, depth + 1);
}

/** Freezes `data` (deeply) and marks it shareable; returns it. */
export function shareEntityData<T extends object>(data: T): T {
  deepFreeze(data, 0);
  SHARED.add(data);
  return data;
}

/** Whether `data` was marked by shareEntityData (immutable plain JSON). */
export function isSharedEntityData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && SHARED.has(data);
}

/** The compact JSON of shared data, computed once per object. */
export function sharedJsonText(data: object): string {
  let text = TEXT.get(data);
  if (text === undefined) {
    text = stringifyJson(data);
    TEXT.set(data, text);
  }
  return text;
}
