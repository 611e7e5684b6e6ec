/**
 * Iteration order of a Scala 2.12 immutable Map (spec/enrich.md §6.3), used for bad-row `raw.parameters`: maps of up
 * to 4 entries keep insertion order; larger ones iterate in hash-trie order — keys sorted by the 5-bit groups of the
 * improved Java `String.hashCode`, least significant group first.
 */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function improve(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

/** A sort key whose unsigned order is the trie order: the 5-bit groups of the hash, reversed. */
function trieKey(name: string): number {
  const i = improve(javaStringHash(name)) >>> 0;
  let key = 0;
  for (let level = 0; level < 7; level++) key = key * 32 + ((i >>> (5 * level)) & 31);
  return key;
}

export function scalaMapOrder<V>(entries: ReadonlyArray<readonly [string, V]>): Array<readonly [string, V]> {
  if (entries.length <= 4) return [...entries];
  return entries
    .map((e) => [trieKey(e[0]), e] as const)
    .sort((a, b) => a[0] - b[0])
    .map((x) => x[1]);
}
