/**
 * Hostile input: 12,000 generated records (random bytes, truncated and bit-flipped Thrift, huge and deeply nested
 * JSON, invalid base64 and UTF-8, out-of-range numbers, broken compressed batches). No exception may escape, every
 * record must yield events or bad rows, every output must be well-formed, and memory must stay flat.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, encodeCollectorPayload } from '../../common/thrift';
import { EMPTY_REGISTRY } from '../enrichments/enrichment';
import { enrichPayload } from '../enrich-payload';
import { frameBatch, zstdStoredFrame } from './fixture-record';
import { TestIglu } from './test-iglu';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = prng(42);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const NASTY_VALUES = [
  '', 'null', '-', '1e999', '99999999999999999999999', '-2147483649', '1x', 'x'.repeat(20000), '\u0000\t\n\r', '%', '%zz',
  '\ud800', 'ÿþ', '1.7976931348623157e309', '9'.repeat(400), '0x10', '+', '1e-2147483648', '1e2147483647', '..', '1e100000',
];
const PARAMS = ['e', 'p', 'aid', 'vid', 'tid', 'dtm', 'stm', 'ttm', 'res', 'vp', 'ds', 'eid', 'sid', 'se_va', 'tr_tt', 'ti_qu', 'f_pdf', 'url', 'refr', 'co', 'cx', 'ue_pr', 'ue_px', 'ip', 'ua', 'page'];

function nastyJson(): string {
  switch (int(7)) {
    case 0:
      return '['.repeat(rand() < 0.05 ? 200_000 : 60 + int(2000));
    case 1:
      return `{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[${'{"schema":"iglu:com.acme/product/jsonschema/1-0-0","data":{"sku":"x"}},'.repeat(rand() < 0.05 ? 2000 : int(50))}1]}`;
    case 2:
      return `{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/product/jsonschema/1-0-0","data":{"sku":"x","price":${pick(['1e400', '-1e400', '123456789012345678901234567890', '1E-400', '-0'])}}}}`;
    case 3:
      return '{"schema":"iglu:a/b/jsonschema/1-0-0","data":' + '{"a":'.repeat(60) + '1' + '}'.repeat(61);
    case 4:
      return bytes(int(200)).toString('latin1');
    case 5:
      return `{"schema":"${'x'.repeat(int(5000))}","data":{}}`;
    default:
      return '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:com.acme/product/jsonschema/1-0-0","data":{"__proto__":{"sku":1},"constructor":"x","sku":"y"}}]}';
  }
}

function nastyValue(param: string): string {
  if (['co', 'ue_pr'].includes(param)) return nastyJson();
  if (['cx', 'ue_px'].includes(param)) return rand() < 0.5 ? Buffer.from(nastyJson()).toString('base64url') : '!!!not*base64%%%' + bytes(20).toString('latin1');
  return rand() < 0.7 ? pick(NASTY_VALUES) : bytes(int(40)).toString('latin1');
}

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as a real client would send). */
const pct = (v: string) => Array.from(Buffer.from(v, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');

function nastyPayload(): CollectorPayload {
  const params: string[] = [];
  for (let i = int(12); i >= 0; i--) {
    const name = pick(PARAMS);
    params.push(`${name}=${rand() < 0.9 ? pct(nastyValue(name)) : nastyValue(name)}`);
  }
  const path = pick(['/i', '/com.snowplowanalytics.snowplow/tp2', '/r/tp2', '/com.snowplowanalytics.iglu/v1', '/x/y', '/', '//', '/i?x', '/a/b/c']);
  const p: CollectorPayload = {
    schema: rand() < 0.97 ? COLLECTOR_PAYLOAD_SCHEMA : bytes(10).toString('latin1'),
    ipAddress: pick(['1.2.3.4', '::1', '', 'unknown', bytes(10).toString('latin1')]),
    timestamp: pick([1700000000000, 0, -1, 253402300800000, -62135596800001, 8.7e15, Number.MAX_SAFE_INTEGER]),
    encoding: pick(['UTF-8', 'UTF-8', 'ISO-8859-1', 'nope']),
    collector: pick(['ssc', '', 'a\tb\nc']),
    path,
    querystring: rand() < 0.1 ? bytes(30).toString('latin1') : params.join(pick(['&', ';'])),
  };
  if (rand() < 0.4) {
    p.contentType = pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=UTF-8']);
    const events = Array.from({ length: int(5) }, () =>
      Object.fromEntries(Array.from({ length: int(6) }, () => [pick([...PARAMS, 'x']), rand() < 0.9 ? nastyValue('aid') : int(5)])),
    );
    p.body = pick([
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: events }),
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-0', data: events }),
      nastyJson(),
      'a=1&b=%zz&schema=iglu:com.acme/signup/jsonschema/1-0-0',
      'x'.repeat(rand() < 0.05 ? 1_100_000 : int(5000)),
    ]);
  }
  if (rand() < 0.5) p.headers = Array.from({ length: int(6) }, () => pick(['X-Forwarded-For: 1.1.1.1', 'Forwarded: for=[::1]', bytes(20).toString('latin1'), 'x-forwarded-for: unknown']));
  if (rand() < 0.2) p.networkUserId = pick(['c7d5f2a4-9b1e-4f6a-8c3d-2e1f0a9b8c7d', 'nope', '']);
  if (rand() < 0.2) p.refererUri = pick(['http://a b.test/%', 'https://x.test/', bytes(30).toString('latin1')]);
  if (rand() < 0.2) p.userAgent = bytes(30).toString('latin1');
  return p;
}

function hostileRecord(i: number): Uint8Array {
  switch (i % 6) {
    case 0:
      return bytes(int(300));
    case 1: {
      const good = encodeCollectorPayload(nastyPayload());
      return good.subarray(0, int(good.length));
    }
    case 2: {
      const rec = Buffer.from(encodeCollectorPayload(nastyPayload()));
      for (let k = 0; k < 3; k++) rec[int(rec.length)] = int(256);
      return rec;
    }
    case 3: {
      const stream = frameBatch([encodeCollectorPayload(nastyPayload()), bytes(int(50))], pick(['0101', '0101', '0202']));
      const packed = rand() < 0.5 ? gzipSync(stream) : zstdStoredFrame(stream);
      return rand() < 0.3 ? packed.subarray(0, int(packed.length)) : packed;
    }
    default:
      return encodeCollectorPayload(nastyPayload());
  }
}

const deps = {
  iglu: new TestIglu(),
  enrichments: EMPTY_REGISTRY,
  processor: { artifact: 'sleet', version: '0.1.0' },
  maxRecordBytes: 1_000_000,
};

async function runBatch(n: number, offset: number): Promise<{ outputs: number }> {
  let outputs = 0;
  for (let i = 0; i < n; i++) {
    const record = hostileRecord(offset + i);
    const r = await enrichPayload(record, { etlTimestamp: 1700000001000, arrivalTimestamp: 1700000002000 }, deps);
    const count = r.good.length + r.bad.length + r.dropped;
    if (count === 0) throw new Error(`record ${offset + i} produced nothing: ${Buffer.from(record).toString('base64').slice(0, 200)}`);
    for (const g of r.good) {
      if (g.tsv.split('\t').length !== 131 || /[\r\n]/.test(g.tsv)) throw new Error(`malformed TSV for record ${offset + i}`);
    }
    for (const b of r.bad) {
      const row = JSON.parse(b.json) as { schema: string; data: { processor: unknown; failure: unknown } };
      if (!row.schema.startsWith('iglu:com.snowplowanalytics.snowplow.badrows/') || row.data.failure === undefined) {
        throw new Error(`malformed bad row for record ${offset + i}`);
      }
      if (Buffer.byteLength(b.json) > deps.maxRecordBytes) throw new Error('bad row over the size limit');
    }
    outputs += count;
  }
  return { outputs };
}

/** A full GC before each heap reading, so the numbers are live memory, not GC timing. */
function liveHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}

test('12,000 hostile records: no exception, always an output, well-formed, memory flat', async () => {
  await runBatch(2000, 0); // warm-up: caches and JIT
  const before = liveHeap();
  const a = await runBatch(5000, 2000);
  const middle = liveHeap();
  const b = await runBatch(5000, 7000);
  const after = liveHeap();
  expect(a.outputs).toBeGreaterThanOrEqual(5000);
  expect(b.outputs).toBeGreaterThanOrEqual(5000);
  // Flat: 10,000 records later the live heap has not grown (bounded caches only).
  expect(middle - before).toBeLessThan(32 * 1024 * 1024);
  expect(after - middle).toBeLessThan(16 * 1024 * 1024);
}, 240_000);
