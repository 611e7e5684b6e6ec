/**
 * A minimal MaxMind DB (MMDB 2.0) writer for tests and benchmarks: builds small GeoIP2-shaped databases so that
 * `npm test` needs no licensed or downloaded data. Written from the public format specification
 * (https://maxmind.github.io/MaxMind-DB/): an IPv6 binary search tree with 32-bit records (24 or 28 on request, as
 * MaxMind's own files use; IPv4 networks live under
 * `::/96`, as in MaxMind's own files), a 16-byte separator, the data section, then the metadata map after the
 * `\xAB\xCD\xEFMaxMind.com` marker. Not for production data: no record deduplication, no pointer compression.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { ipv6Bytes } from '../ip-address';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbDatabaseSpec {
  /** `metadata.database_type`, e.g. `GeoIP2-City`, `GeoIP2-ISP`, `GeoLite2-ASN`. */
  readonly databaseType: string;
  /** `{ '81.2.69.142/32': record, '2001:db8::/32': record }`; IPv4 and IPv6 CIDRs (a bare address means /32 or /128). */
  readonly networks: Readonly<Record<string, MmdbValue>>;
  readonly languages?: readonly string[];
  readonly buildEpochSecs?: number;
  /** Bits per search-tree record (default 32). */
  readonly recordSize?: 24 | 28 | 32;
}

interface TreeNode {
  children: [TreeNode | number | null, TreeNode | number | null];
}

const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')]);

export function writeMmdb(spec: MmdbDatabaseSpec): Buffer {
  const data = new DataSection();
  const root: TreeNode = { children: [null, null] };
  for (const [cidr, record] of Object.entries(spec.networks)) {
    const { bits, prefix } = parseNetwork(cidr);
    insert(root, bits, prefix, data.add(record));
  }
  const nodes: TreeNode[] = [];
  const index = new Map<TreeNode, number>();
  const queue: TreeNode[] = [root];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    index.set(node, nodes.length);
    nodes.push(node);
    for (const child of node.children) if (child !== null && typeof child === 'object') queue.push(child);
  }
  const nodeCount = nodes.length;
  const recordSize = spec.recordSize ?? 32;
  const nodeBytes = recordSize / 4;
  const tree = Buffer.alloc(nodeCount * nodeBytes);
  nodes.forEach((node, i) => {
    const [left, right] = node.children.map((child) =>
      child === null ? nodeCount : typeof child === 'number' ? nodeCount + 16 + child : index.get(child)!,
    );
    if (Math.max(left, right) >= 2 ** recordSize) throw new RangeError(`record value too large for ${recordSize}-bit records`);
    writeNode(tree, i * nodeBytes, recordSize, left, right);
  });
  const metadata = encode({
    node_count: nodeCount,
    record_size: recordSize,
    ip_version: 6,
    database_type: spec.databaseType,
    languages: [...(spec.languages ?? ['en'])],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: spec.buildEpochSecs ?? 1_700_000_000,
    description: { en: `Sleet test database (${spec.databaseType})` },
  });
  return Buffer.concat([tree, Buffer.alloc(16), data.toBuffer(), METADATA_MARKER, metadata]);
}

/** One search-tree node: two records of `recordSize` bits (28-bit records share their middle byte's nibbles). */
function writeNode(tree: Buffer, at: number, recordSize: 24 | 28 | 32, left: number, right: number): void {
  if (recordSize === 32) {
    tree.writeUInt32BE(left, at);
    tree.writeUInt32BE(right, at + 4);
  } else if (recordSize === 24) {
    tree.writeUIntBE(left, at, 3);
    tree.writeUIntBE(right, at + 3, 3);
  } else {
    tree.writeUIntBE(left & 0xffffff, at, 3);
    tree[at + 3] = ((left >>> 24) << 4) | (right >>> 24);
    tree.writeUIntBE(right & 0xffffff, at + 4, 3);
  }
}

function insert(root: TreeNode, bits: number[], prefix: number, dataOffset: number): void {
  let node = root;
  for (let depth = 0; depth < prefix - 1; depth++) {
    const bit = bits[depth];
    let next = node.children[bit];
    if (next === null || typeof next === 'number') {
      // Splitting a shorter network: both halves keep its record.
      const inherited = next;
      next = { children: [inherited, inherited] };
      node.children[bit] = next;
    }
    node = next;
  }
  node.children[bits[prefix - 1]] = dataOffset;
}

function parseNetwork(cidr: string): { bits: number[]; prefix: number } {
  const [address, len] = cidr.split('/');
  if (isIPv4(address)) {
    const prefix = len === undefined ? 32 : Number(len);
    const octets = address.split('.').map(Number);
    const bits = [...new Array<number>(96).fill(0), ...octets.flatMap((o) => byteBits(o))];
    return { bits, prefix: 96 + prefix };
  }
  if (isIPv6(address)) {
    const prefix = len === undefined ? 128 : Number(len);
    return { bits: ipv6Bytes(address).flatMap((b) => byteBits(b)), prefix };
  }
  throw new Error(`not a network: ${cidr}`);
}

function byteBits(byte: number): number[] {
  return [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (byte >> i) & 1);
}

class DataSection {
  readonly #chunks: Buffer[] = [];
  #size = 0;

  add(value: MmdbValue): number {
    const offset = this.#size;
    const bytes = encode(value);
    this.#chunks.push(bytes);
    this.#size += bytes.length;
    return offset;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

/** Encodes one value in the MMDB data-section format. */
function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const payload = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, payload.length), payload]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
      const payload = uintBytes(value);
      return Buffer.concat([control(6, payload.length), payload]);
    }
    const payload = Buffer.alloc(8);
    payload.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), payload]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

function uintBytes(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from(bytes);
}

/** The control byte(s): 3-bit type (7 = extended, type − 7 in the next byte) and a size with its extension bytes. */
function control(type: number, size: number): Buffer {
  let sizeBits: number;
  let extra: number[];
  if (size < 29) {
    sizeBits = size;
    extra = [];
  } else if (size < 29 + 256) {
    sizeBits = 29;
    extra = [size - 29];
  } else if (size < 285 + 65536) {
    sizeBits = 30;
    extra = [(size - 285) >> 8, (size - 285) & 0xff];
  } else {
    sizeBits = 31;
    const s = size - 65821;
    extra = [(s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff];
  }
  if (type <= 7) return Buffer.from([(type << 5) | sizeBits, ...extra]);
  return Buffer.from([sizeBits, type - 7, ...extra]);
}
