import { ownCopy } from './own-string';

/**
 * A bounded cache that keeps recently used entries (an LRU approximation in two generations, as in "2Q"-style
 * caches): hits in the young generation cost one Map lookup, with no reordering; a hit in the old generation
 * promotes the entry; when the young generation reaches half the capacity it becomes the old one and the previous
 * old one is dropped. So at most `maxEntries` entries are held, and an entry used again within the last
 * `maxEntries / 2` insertions is never evicted. Used on the hot path for UA parsing and IP lookups, whose inputs
 * repeat heavily in real traffic (a Map-based strict LRU costs a delete and an insert on every hit).
 */
export class LruCache<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #generationSize: number;

  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 2)) throw new RangeError('LruCache needs maxEntries >= 2');
    this.#generationSize = Math.floor(maxEntries / 2);
  }

  /** Entries currently held (the old generation may still hold copies of promoted ones). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.#insert(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#young.has(key)) this.#young.set(key, value);
    else this.#insert(key, value);
    this.#old.delete(key);
  }

  /**
   * Adds an entry for a key that `get` has just reported missing, with no other call in between: `set` without the
   * two lookups that find and remove an older copy (there is none). Any other use is `set`'s job.
   */
  addMissing(key: K, value: V): void {
    this.#insert(key, value);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }

  /** String keys are stored as own copies (./own-string.ts): a key cut from a record's text must not keep it alive. */
  #insert(key: K, value: V): void {
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(typeof key === 'string' ? (ownCopy(key) as K) : key, value);
  }
}
