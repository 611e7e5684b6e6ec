/**
 * Iteration order of a Scala 2.12 immutable Map (spec/enrich.md §6.3): up to 4 entries keep insertion order; larger
 * maps are hash tries and iterate by the 5-bit groups of the "improved" Java `String.hashCode`, least significant
 * group first. Enrich exposes this order where it iterates a Map: campaign click-id precedence (> 4 entries),
 * cross_navigation context keys.
 */

/** Java `String.hashCode` over UTF-16 code units, as a signed 32-bit int. */
export function javaStringHashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** `scala.collection.immutable.HashMap.improve`. */
export function improveHash(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

function compareTrieOrder(a: number, b: number): number {
  for (let shift = 0; shift < 32; shift += 5) {
    const d = ((a >>> shift) & 31) - ((b >>> shift) & 31);
    if (d !== 0) return d;
  }
  return 0;
}

/** The keys of a Scala immutable Map built by inserting `keys` in order (duplicates keep their first position). */
export function scalaMapOrder(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  if (unique.length <= 4) return unique;
  const hashes = new Map(unique.map((k) => [k, improveHash(javaStringHashCode(k))]));
  // Array.prototype.sort is stable, so equal full hashes keep insertion order (Scala's collision buckets do too).
  return unique.sort((a, b) => compareTrieOrder(hashes.get(a) as number, hashes.get(b) as number));
}
