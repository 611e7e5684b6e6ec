import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload, encodeCollectorPayload } from '../../common/thrift';
import { writeCollectorPayload } from './thrift-writer';

const full: CollectorPayload = {
  schema: COLLECTOR_PAYLOAD_SCHEMA,
  ipAddress: '[2001:db8::1]',
  timestamp: 1_795_304_254_870,
  encoding: 'UTF-8',
  collector: 'sleet-0.1.0-kinesis',
  userAgent: 'Mozilla/5.0 é \u00ff',
  refererUri: 'https://shop.example/',
  path: '/com.snowplowanalytics.snowplow/tp2',
  querystring: '',
  body: '{"data":["ü","😀"]}',
  headers: ['Host: x', 'User-Agent: bot \u00ff\u00c3', 'application/json; charset=utf-8'],
  contentType: 'application/json; charset=utf-8',
  hostname: 'shop.example',
  networkUserId: 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e',
};

describe('writeCollectorPayload (hot-path serialiser)', () => {
  it('writes exactly the bytes of the shared codec', () => {
    expect(writeCollectorPayload(full)).toEqual(encodeCollectorPayload(full));
    const minimal: CollectorPayload = { schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: 'unknown', timestamp: 0, encoding: 'UTF-8', collector: '' };
    expect(writeCollectorPayload(minimal)).toEqual(encodeCollectorPayload(minimal));
    expect(writeCollectorPayload({ ...full, headers: [] })).toEqual(encodeCollectorPayload({ ...full, headers: [] }));
    expect(writeCollectorPayload({ ...full, timestamp: -1 })).toEqual(encodeCollectorPayload({ ...full, timestamp: -1 }));
    expect(writeCollectorPayload({ ...full, timestamp: 2 ** 53 - 1 })).toEqual(encodeCollectorPayload({ ...full, timestamp: 2 ** 53 - 1 }));
  });

  it('agrees with the shared codec on random payloads, and round-trips', () => {
    let seed = 99;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const text = (): string => String.fromCodePoint(...Array.from({ length: rand(40) }, () => (rand(4) === 0 ? 0x80 + rand(0x10000 - 0x80 - 0x800) : 0x20 + rand(95))).filter((c) => c < 0xd800 || c > 0xdfff));
    const optional = (): string | undefined => (rand(3) === 0 ? undefined : text());
    for (let i = 0; i < 2000; i++) {
      const p: CollectorPayload = {
        schema: COLLECTOR_PAYLOAD_SCHEMA,
        ipAddress: text(),
        timestamp: rand(2 ** 31) * 1000 + rand(1000),
        encoding: 'UTF-8',
        collector: text(),
        userAgent: optional(),
        refererUri: optional(),
        path: optional(),
        querystring: optional(),
        body: optional(),
        headers: rand(4) === 0 ? undefined : Array.from({ length: rand(20) }, text),
        contentType: optional(),
        hostname: optional(),
        networkUserId: optional(),
      };
      for (const k of Object.keys(p) as Array<keyof CollectorPayload>) if (p[k] === undefined) delete p[k];
      const bytes = writeCollectorPayload(p);
      expect(bytes).toEqual(encodeCollectorPayload(p));
      expect(decodeCollectorPayload(bytes)).toEqual(p);
    }
  });
});
