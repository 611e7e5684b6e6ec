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
import { ipv4Value } from './ip-address';
import { LruCache } from './lru-cache';

interface ReaderInternals {
  findAddressInTree(ip: string): [number | null, number];
  resolveDataPointer(pointer: number): unknown;
}

function internalsOf(reader: Reader<Response>): ReaderInternals | null {
  const r = reader as unknown as Partial<ReaderInternals>;
  return typeof r.findAddressInTree === 'function' && typeof r.resolveDataPointer === 'function' ? (r as ReaderInternals) : null;
}

/** What an IPv4 walk of the search tree needs (mmdb-lib 3.0.3 keeps it on the reader: `db`, `metadata`, `ipv4StartNodeNumber`). */
interface Ipv4Tree {
  readonly db: Buffer;
  readonly nodeCount: number;
  readonly nodeByteSize: number;
  readonly recordSize: 24 | 28 | 32;
  /** The node of `::0.0.0.0/96` in an IPv6 tree, 0 in an IPv4 one. */
  readonly ipv4Start: number;
}

function ipv4TreeOf(reader: Reader<Response>): Ipv4Tree | null {
  const r = reader as unknown as { db?: unknown; ipv4StartNodeNumber?: unknown; metadata?: Record<string, unknown> };
  const m = r.metadata ?? {};
  const { nodeCount, nodeByteSize, recordSize } = m;
  if (!Buffer.isBuffer(r.db) || typeof r.ipv4StartNodeNumber !== 'number' || typeof nodeCount !== 'number' || typeof nodeByteSize !== 'number') return null;
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) return null;
  return { db: r.db, nodeCount, nodeByteSize, recordSize, ipv4Start: r.ipv4StartNodeNumber };
}

/**
 * The record pointer of a 32-bit IPv4 address, or 0 when the tree has none: the walk of mmdb-lib's
 * `findAddressInTree`, with the address already in an integer and the node records read inline.
 */
function findIpv4(tree: Ipv4Tree, address: number): number {
  const { db, nodeCount, nodeByteSize, recordSize } = tree;
  let node = tree.ipv4Start;
  for (let depth = 0; depth < 32 && node < nodeCount; depth++) {
    node = treeRecord(db, node * nodeByteSize, recordSize, (address >>> (31 - depth)) & 1);
  }
  return node > nodeCount ? node : 0;
}

/** The left (`side` 0) or right (1) record of the search-tree node at byte `o` (MaxMind DB format, §Search Tree). */
export function treeRecord(db: Uint8Array, o: number, recordSize: 24 | 28 | 32, side: number): number {
  if (recordSize === 24) {
    const at = side ? o + 3 : o;
    return (db[at] << 16) | (db[at + 1] << 8) | db[at + 2];
  }
  if (recordSize === 28) {
    // The middle byte holds the top 4 bits of both records: left in its high nibble, right in its low one.
    return side
      ? ((db[o + 3] & 0x0f) << 24) | (db[o + 4] << 16) | (db[o + 5] << 8) | db[o + 6]
      : ((db[o + 3] & 0xf0) << 20) | (db[o] << 16) | (db[o + 1] << 8) | db[o + 2];
  }
  const at = side ? o + 4 : o;
  return db[at] * 0x1000000 + ((db[at + 1] << 16) | (db[at + 2] << 8) | db[at + 3]);
}

/** Extracted values memoised per database (records, not addresses: 50,000 covers a full GeoLite2 City working set). */
const MEMO_ENTRIES = 50_000;

export class MaxMindDatabase<T> {
  readonly databaseType: string;
  readonly #reader: Reader<Response>;
  readonly #internals: ReaderInternals | null;
  readonly #ipv4Tree: Ipv4Tree | null;
  readonly #extract: (record: unknown) => T;
  readonly #byPointer = new LruCache<number, T>(MEMO_ENTRIES);
  readonly #byRecord = new WeakMap<object, T>();

  /** `useInternals: false` forces the public-API path (for tests of the fallback). */
  constructor(buffer: Buffer, extract: (record: unknown) => T, opts: { useInternals?: boolean } = {}) {
    const reader = new Reader<Response>(buffer);
    this.#internals = opts.useInternals === false ? null : internalsOf(reader);
    // Without the internals, a decoded-record cache makes `get` return one object per record, for the WeakMap memo.
    this.#reader = this.#internals ? reader : new Reader<Response>(buffer, { cache: new LruCache<string | number, unknown>(10_000) });
    this.#ipv4Tree = this.#internals ? ipv4TreeOf(reader) : null;
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
        const v4 = this.#ipv4Tree ? ipv4Value(ip) : -1;
        const pointer = v4 >= 0 ? findIpv4(this.#ipv4Tree!, v4) : this.#internals.findAddressInTree(ip)[0];
        if (!pointer) return null;
        let value = this.#byPointer.get(pointer);
        if (value === undefined) {
          value = this.#extract(this.#internals.resolveDataPointer(pointer));
          this.#byPointer.addMissing(pointer, value);
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
