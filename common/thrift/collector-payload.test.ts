import { TBinaryProtocol, TBufferedTransport } from 'thrift';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload, encodeCollectorPayload, ThriftDecodeError } from '.';

const full: CollectorPayload = {
  schema: COLLECTOR_PAYLOAD_SCHEMA,
  ipAddress: '127.0.0.1',
  timestamp: 1_700_000_000_123,
  encoding: 'UTF-8',
  collector: 'sleet-0.1.0-kinesis',
  userAgent: 'Mozilla/5.0 é',
  refererUri: 'http://example.com/',
  path: '/com.snowplowanalytics.snowplow/tp2',
  querystring: 'a=1',
  body: '{"x":"ü"}',
  headers: ['Host: localhost', 'application/json; charset=utf-8'],
  contentType: 'application/json; charset=utf-8',
  hostname: 'localhost',
  networkUserId: 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e',
};

describe('CollectorPayload thrift codec', () => {
  it('round-trips every field', () => {
    expect(decodeCollectorPayload(encodeCollectorPayload(full))).toEqual(full);
  });

  it('decodes short and long, ASCII and non-ASCII, valid and invalid UTF-8 strings as Buffer#toString does', () => {
    const long = `e=pv&url=${'x'.repeat(200)}`;
    const variants = ['', 'a', 'ü', `${long}`, `${long}ü`, `ü${long}`, '日本語', '\u{1F600}'];
    for (const text of variants) {
      const p = { ...full, userAgent: text, querystring: text, body: text };
      expect(decodeCollectorPayload(encodeCollectorPayload(p))).toEqual(p);
    }
    // Invalid UTF-8 inside a short and a long field: U+FFFD replacements, exactly as Node's decoder gives them.
    for (const size of [3, 300]) {
      const marker = 'Q'.repeat(size);
      const bytes = encodeCollectorPayload({ ...full, userAgent: marker });
      const at = bytes.indexOf(marker);
      bytes[at] = 0xc3;
      bytes[at + 1] = 0x28;
      bytes[at + size - 1] = 0xff;
      const expected = bytes.subarray(at, at + size).toString('utf8');
      expect(expected).toContain('\ufffd');
      expect(decodeCollectorPayload(bytes).userAgent).toBe(expected);
    }
  });

  it('decodes 64-bit timestamps as the nearest double, negative and beyond 2^53 included', () => {
    for (const timestamp of [0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5, -(2 ** 40) + 3, 2 ** 53 - 1, -(2 ** 53) + 1]) {
      expect(decodeCollectorPayload(encodeCollectorPayload({ ...full, timestamp })).timestamp).toBe(timestamp);
    }
    const bytes = encodeCollectorPayload({ ...full, timestamp: 0 });
    const at = bytes.indexOf(Buffer.from([0x0a, 0x00, 0xc8])) + 3;
    for (const big of [2n ** 53n + 1n, 2n ** 62n + 12345n, -(2n ** 63n), 2n ** 63n - 1n]) {
      bytes.writeBigInt64BE(big, at);
      expect(decodeCollectorPayload(bytes).timestamp).toBe(Number(big));
    }
  });

  it('writes fields in ascending id order with schema last, as Snowplow does', () => {
    const bytes = encodeCollectorPayload({ schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '127.0.0.1', timestamp: 1, encoding: 'UTF-8', collector: 'c' });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x0b, 0x00, 0x64]));
    expect(bytes.subarray(7, 16).toString()).toBe('127.0.0.1');
    expect(bytes.subarray(16, 19)).toEqual(Buffer.from([0x0a, 0x00, 0xc8]));
    const tail = Buffer.concat([Buffer.from([0x0b, 0x7a, 0x69, 0, 0, 0, 0x41]), Buffer.from(COLLECTOR_PAYLOAD_SCHEMA), Buffer.from([0])]);
    expect(bytes.subarray(bytes.length - tail.length)).toEqual(tail);
  });

  it('is read by the reference thrift library field for field', () => {
    const bytes = encodeCollectorPayload(full);
    const seen = new Map<number, unknown>();
    const transport = TBufferedTransport.receiver((t) => {
      const p = new TBinaryProtocol(t);
      p.readStructBegin();
      for (;;) {
        const f = p.readFieldBegin();
        if (f.ftype === 0) break;
        if (f.ftype === 11) seen.set(f.fid, p.readString());
        else if (f.ftype === 10) seen.set(f.fid, p.readI64().toNumber());
        else if (f.ftype === 15) {
          const l = p.readListBegin();
          const items: string[] = [];
          for (let i = 0; i < l.size; i++) items.push(p.readString());
          seen.set(f.fid, items);
        }
      }
    }, 0);
    transport(bytes);
    expect(seen.get(100)).toBe('127.0.0.1');
    expect(seen.get(200)).toBe(full.timestamp);
    expect(seen.get(350)).toEqual(full.headers);
    expect(seen.get(410)).toBe(full.networkUserId);
    expect(seen.get(31337)).toBe(COLLECTOR_PAYLOAD_SCHEMA);
  });

  it('rejects truncated, garbage and lying input without reading out of bounds', () => {
    const good = encodeCollectorPayload(full);
    for (let i = 0; i < good.length; i++) {
      expect(() => decodeCollectorPayload(good.subarray(0, i))).toThrow(ThriftDecodeError);
    }
    expect(() => decodeCollectorPayload(Buffer.from([0x0f, 0x01, 0x5e, 0x0b, 0x7f, 0xff, 0xff, 0xff]))).toThrow(/container size/);
    expect(() => decodeCollectorPayload(Buffer.from('{"not":"thrift"}'))).toThrow(ThriftDecodeError);
    expect(() => decodeCollectorPayload(Buffer.concat([good, Buffer.from([1])]))).toThrow(/trailing/);
  });

  it('never throws anything but ThriftDecodeError on random bytes', () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 5000; n++) {
      const bytes = Buffer.alloc(Math.floor(rand() * 64), 0);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      try {
        decodeCollectorPayload(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ThriftDecodeError);
      }
    }
  });
});
