import { Reader } from 'maxmind';
import { MaxMindDatabase } from './maxmind-database';
import { writeMmdb } from './testing/mmdb-writer';

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

  it('answers null for input it cannot look up, and refuses a file that is not a database', () => {
    expect(withCalls().db.lookup('not an ip')).toBeNull();
    expect(() => new MaxMindDatabase(Buffer.from('nope'), () => null)).toThrow();
  });
});
