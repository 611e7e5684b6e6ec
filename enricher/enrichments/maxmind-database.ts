/**
 * One MaxMind DB file, read into memory, with what an enrichment extracts from its records memoised per data
 * record: all the addresses of a network (often thousands) share one record, so a new address costs a tree walk
 * and a map lookup instead of decoding a multi-language GeoIP2 record again.
 *
 * The record identity (its data-section pointer) comes from mmdb-lib's `findAddressInTree` / `resolveDataPointer`
 * (mmdb-lib 3.0.3, pinned by maxmind 5): they are not in its type declarations, so their presence is checked when
 * the file is opened, with a fallback to the public `get` and a per-object memo if a future version drops them.
 */
import { readFileSync } from 'node:fs';
import { Reader, Response } from 'maxmind';
import { LruCache } from './lru-cache';

interface ReaderInternals {
  findAddressInTree(ip: string): [number | null, number];
  resolveDataPointer(pointer: number): unknown;
}

function internalsOf(reader: Reader<Response>): ReaderInternals | null {
  const r = reader as unknown as Partial<ReaderInternals>;
  return typeof r.findAddressInTree === 'function' && typeof r.resolveDataPointer === 'function' ? (r as ReaderInternals) : null;
}

/** Extracted values memoised per database (records, not addresses: 50,000 covers a full GeoLite2 City working set). */
const MEMO_ENTRIES = 50_000;

export class MaxMindDatabase<T> {
  readonly databaseType: string;
  readonly #reader: Reader<Response>;
  readonly #internals: ReaderInternals | null;
  readonly #extract: (record: unknown) => T;
  readonly #byPointer = new LruCache<number, T>(MEMO_ENTRIES);
  readonly #byRecord = new WeakMap<object, T>();

  /** `useInternals: false` forces the public-API path (for tests of the fallback). */
  constructor(buffer: Buffer, extract: (record: unknown) => T, opts: { useInternals?: boolean } = {}) {
    const reader = new Reader<Response>(buffer);
    this.#internals = opts.useInternals === false ? null : internalsOf(reader);
    // Without the internals, a decoded-record cache makes `get` return one object per record, for the WeakMap memo.
    this.#reader = this.#internals ? reader : new Reader<Response>(buffer, { cache: new LruCache<string | number, unknown>(10_000) });
    this.#extract = extract;
    this.databaseType = this.#reader.metadata.databaseType;
  }

  static open<T>(path: string, extract: (record: unknown) => T): MaxMindDatabase<T> {
    return new MaxMindDatabase(readFileSync(path), extract);
  }

  /** The extracted value for a valid, normalised IP address, or null when the database has no record for it. */
  lookup(ip: string): T | null {
    try {
      if (this.#internals) {
        const [pointer] = this.#internals.findAddressInTree(ip);
        if (!pointer) return null;
        let value = this.#byPointer.get(pointer);
        if (value === undefined) {
          value = this.#extract(this.#internals.resolveDataPointer(pointer));
          this.#byPointer.set(pointer, value);
        }
        return value;
      }
      const record = this.#reader.get(ip);
      if (record === null || typeof record !== 'object') return null;
      let value = this.#byRecord.get(record);
      if (value === undefined) {
        value = this.#extract(record);
        this.#byRecord.set(record, value);
      }
      return value;
    } catch {
      // A lookup error (malformed database region, unexpected address form) leaves the fields empty, like Snowplow.
      return null;
    }
  }
}
