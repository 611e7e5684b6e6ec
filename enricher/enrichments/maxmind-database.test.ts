import { Reader, Response } from 'maxmind';
import { MaxMindDatabase, treeRecord } from './maxmind-database';
import { MmdbValue, writeMmdb } from './testing/mmdb-writer';

const DB = writeMmdb({
  databaseType: 'GeoIP2-Domain',
  networks: { '192.0.2.0/24': { domain: 'example.net' }, '198.51.100.0/24': { domain: 'example.org' } },
});

function withCalls(useInternals = true) {
  const calls: unknown[] = [];
  const db = new MaxMindDatabase(
    DB,
    (record) => {
      calls.push(record);
      return (record as { domain: string }).domain;
    },
    { useInternals },
  );
  return { db, calls };
}

describe('MaxMindDatabase', () => {
  it('extracts once per record, whatever the address in its network', () => {
    const { db, calls } = withCalls();
    expect(db.lookup('192.0.2.1')).toBe('example.net');
    expect(db.lookup('192.0.2.200')).toBe('example.net');
    expect(db.lookup('198.51.100.3')).toBe('example.org');
    expect(db.lookup('203.0.113.1')).toBeNull();
    expect(calls).toHaveLength(2);
    expect(db.databaseType).toBe('GeoIP2-Domain');
  });

  it('uses mmdb-lib 3.0.3 internals (a future version without them falls back to the public API)', () => {
    const proto = Reader.prototype as unknown as Record<string, unknown>;
    expect(typeof proto.findAddressInTree).toBe('function');
    expect(typeof proto.resolveDataPointer).toBe('function');
    const { db, calls } = withCalls(false);
    expect(db.lookup('192.0.2.1')).toBe('example.net');
    expect(db.lookup('192.0.2.9')).toBe('example.net');
    expect(db.lookup('203.0.113.1')).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it.each([24, 28, 32] as const)('the IPv4 tree walk finds the records mmdb-lib finds (%i-bit records)', (recordSize) => {
    // The wide network first: the narrower ones inserted after it split it.
    const networks: Record<string, MmdbValue> = { '0.0.0.0/1': { n: 'low half' } };
    const bases = Array.from({ length: 300 }, (_, i) => `${10 + (i % 7)}.${(i * 37) % 256}.${(i * 11) % 256}`);
    bases.forEach((base, i) => (networks[`${base}.0/${16 + (i % 17)}`] = { n: i }));
    networks['::ffff:0:0/96'] = { n: 'mapped' };
    networks['2001:db8::/32'] = { n: 'v6' };
    const db = writeMmdb({ databaseType: 'Test', networks, recordSize });
    const fast = new MaxMindDatabase(db, (record) => record);
    const reader = new Reader<Response>(db);
    let seed = recordSize;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const ips = ['0.0.0.0', '255.255.255.255', '127.255.255.255', '128.0.0.0', '10.0.0.0', '16.255.255.255'];
    for (const base of bases) ips.push(`${base}.0`, `${base}.1`, `${base}.255`);
    for (let i = 0; i < 20_000; i++) {
      const v = i % 2 === 0 ? random() : ((10 + (i % 7)) << 24) | (random() & 0xffffff);
      ips.push([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
    }
    const differences = ips.filter((ip) => JSON.stringify(fast.lookup(ip)) !== JSON.stringify(reader.get(ip)));
    expect(differences.slice(0, 5)).toEqual([]);
    const found = new Set(ips.map((ip) => JSON.stringify(fast.lookup(ip))));
    expect(found.size).toBeGreaterThan(150);
  });

  it('reads 24-, 28- and 32-bit tree records as the format specifies', () => {
    const node = Uint8Array.from([0xff, 0xab, 0xcd, 0xef, 0x9f, 0x12, 0x34, 0x56, 0x78]);
    expect([treeRecord(node, 1, 24, 0), treeRecord(node, 1, 24, 1)]).toEqual([0xabcdef, 0x9f1234]);
    // 28 bits: bytes ab cd ef | 9f | 12 34 56 → left 0x9abcdef, right 0xf123456.
    expect([treeRecord(node, 1, 28, 0), treeRecord(node, 1, 28, 1)]).toEqual([0x9abcdef, 0xf123456]);
    expect([treeRecord(node, 1, 32, 0), treeRecord(node, 1, 32, 1)]).toEqual([0xabcdef9f, 0x12345678]);
  });

  it('answers null for input it cannot look up, and refuses a file that is not a database', () => {
    expect(withCalls().db.lookup('not an ip')).toBeNull();
    expect(() => new MaxMindDatabase(Buffer.from('nope'), () => null)).toThrow();
  });
});
