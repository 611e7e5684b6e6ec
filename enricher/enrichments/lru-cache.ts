/**
 * A bounded least-recently-used cache on a Map (insertion order = recency). Used on the hot path for UA parsing and
 * IP lookups, whose inputs repeat heavily in real traffic.
 */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError('LruCache needs maxEntries >= 1');
  }

  get size(): number {
    return this.#map.size;
  }

  /** The cached value (and marks it most recently used), or undefined. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.#map.has(key)) this.#map.delete(key);
    else if (this.#map.size >= this.maxEntries) this.#map.delete(this.#map.keys().next().value as K);
    this.#map.set(key, value);
  }

  clear(): void {
    this.#map.clear();
  }
}
