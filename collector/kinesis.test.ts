/**
 * The collector against a real Kinesis wire protocol (kinesalite): records read back with GetRecords and decoded,
 * every Thrift field checked; size violations on the bad stream; and durability — while Kinesis fails, requests
 * get 503 and nothing that was answered 200 is missing afterwards.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload } from '../common/thrift';
import { COLLECTOR_VERSION_KINESIS, SLEET_VERSION } from '../common/version';
import { createStream, Emulator, kinesisClient, startEmulator } from '../test/harness/emulators';
import { readStream } from './test/kinesis-stream';
import { FaultProxy, startFaultProxy } from './test/kinesis-fault-proxy';
import { rawRequest, requestText, startTestCollector, TestCollector } from './test/harness';

jest.setTimeout(60_000);

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';

function kinesisConfig(endpoint: string, good: string, bad: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sink: {
      type: 'kinesis',
      maxRecordBytes: 4000,
      kinesis: { region: 'us-east-1', endpoint, goodStream: good, badStream: bad, lingerMs: 2, minBackoffMs: 20, maxBackoffMs: 100, maxRetries: 2, healthCheckIntervalMs: 50 },
    },
    networking: { maxPayloadBytes: 8000 },
    ...extra,
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function sinkHealthy(c: TestCollector): Promise<boolean> {
  return (await rawRequest(c.port, requestText('GET', '/sink-health'))).status === 200;
}

function event(id: number): string {
  return JSON.stringify({ e: 'se', se_ca: 'test', se_ac: `event-${id}`, eid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, p: 'srv', tv: 'test-1' });
}

function tp2(ids: number[]): string {
  return `{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[${ids.map(event).join(',')}]}`;
}

function ids(payloads: CollectorPayload[]): number[] {
  return payloads.flatMap((p) => (JSON.parse(p.body ?? '{"data":[]}') as { data: Array<{ se_ac: string }> }).data.map((e) => Number(e.se_ac.slice(6)))).sort((a, b) => a - b);
}

describe('collector → kinesalite', () => {
  let kinesis: Emulator;
  let client: KinesisClient;
  let c: TestCollector;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    client = kinesisClient(kinesis.endpoint);
    await createStream(client, 'raw', 2);
    await createStream(client, 'bad-1', 1);
    c = await startTestCollector(kinesisConfig(kinesis.endpoint, 'raw', 'bad-1'), { configuredSinks: true });
    await waitFor('sink health', () => sinkHealthy(c));
  });
  afterAll(async () => {
    await c?.close();
    client?.destroy();
    await kinesis?.stop();
  });

  it('writes a record per request that is in the stream when the 200 arrives, every Thrift field as specified', async () => {
    const before = Date.now();
    const get = await rawRequest(
      c.port,
      requestText('GET', '/i?e=pv&url=https%3A%2F%2Fshop.example%2F&eid=1', [
        ['Host', 'c.shop.example'],
        ['User-Agent', 'Mozilla/5.0 test'],
        ['Referer', 'https://shop.example/'],
        ['X-Forwarded-For', '203.0.113.5'],
        ['Cookie', `sp=${NUID}`],
      ]),
    );
    expect(get.status).toBe(200);
    const body = tp2([1, 2]);
    const post = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', [['Host', 'c.shop.example'], ['Content-Type', 'application/json; charset=UTF-8']], body));
    expect(post.status).toBe(200);
    // Durable ack: both records are readable right after the answers, no waiting.
    const records = await readStream(client, 'raw');
    expect(records).toHaveLength(2);
    const [g, p] = records.map((r) => decodeCollectorPayload(r.data)).sort((a, b) => (a.path ?? '').length - (b.path ?? '').length);
    expect(g).toEqual({
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: '203.0.113.5',
      timestamp: expect.any(Number),
      encoding: 'UTF-8',
      collector: COLLECTOR_VERSION_KINESIS,
      userAgent: 'Mozilla/5.0 test',
      refererUri: 'https://shop.example/',
      path: '/i',
      querystring: 'e=pv&url=https%3A%2F%2Fshop.example%2F&eid=1',
      headers: ['Host: c.shop.example', 'User-Agent: Mozilla/5.0 test', 'Referer: https://shop.example/', 'X-Forwarded-For: 203.0.113.5', `Cookie: sp=${NUID}`],
      hostname: 'c.shop.example',
      networkUserId: NUID,
    });
    expect(g.timestamp).toBeGreaterThanOrEqual(before);
    expect(p).toEqual({
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: '127.0.0.1',
      timestamp: expect.any(Number),
      encoding: 'UTF-8',
      collector: COLLECTOR_VERSION_KINESIS,
      path: '/com.snowplowanalytics.snowplow/tp2',
      querystring: '',
      body,
      headers: ['Host: c.shop.example', 'Content-Type: application/json; charset=UTF-8', `Content-Length: ${Buffer.byteLength(body)}`, 'application/json; charset=utf-8'],
      contentType: 'application/json; charset=utf-8',
      hostname: 'c.shop.example',
      networkUserId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Random partition keys (UUIDs), one per request.
    expect(records[0].partitionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[0].partitionKey).not.toBe(records[1].partitionKey);
  });

  it('splits an oversized POST by event and sends what cannot be stored to the bad stream as size_violation', async () => {
    const seen = new Set((await readStream(client, 'raw')).map((r) => r.data.toString('base64')));
    // 60 small events (~ 5 KB of body): more than maxRecordBytes 4000, below maxPayloadBytes 8000 → split.
    const split = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { 'Content-Type': 'application/json' }, tp2(Array.from({ length: 60 }, (_, i) => i + 100))));
    expect(split.status).toBe(200);
    // Records come back shard by shard: pick the new ones by content, not by position.
    const parts = (await readStream(client, 'raw')).filter((r) => !seen.has(r.data.toString('base64'))).map((r) => decodeCollectorPayload(r.data));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) {
      const parsed = JSON.parse(part.body!) as { schema: string; data: unknown[] };
      expect(parsed.schema).toBe('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4');
      expect(part.path).toBe('/com.snowplowanalytics.snowplow/tp2');
    }
    expect(ids(parts)).toEqual(Array.from({ length: 60 }, (_, i) => i + 100));

    // Not JSON and too big: a size_violation bad row, still 200 (as Snowplow).
    const notJson = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, 'x'.repeat(5000)));
    // Above maxPayloadBytes: not even split.
    const huge = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, 'y'.repeat(9000)));
    expect([notJson.status, huge.status]).toEqual([200, 200]);
    const bad = (await readStream(client, 'bad-1')).map((r) => JSON.parse(r.data.toString('utf8')) as { schema: string; data: { processor: unknown; failure: Record<string, unknown>; payload: string } });
    expect(bad).toHaveLength(2);
    for (const row of bad) {
      expect(row.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0');
      expect(row.data.processor).toEqual({ artifact: 'sleet-collector', version: SLEET_VERSION });
      expect(row.data.failure.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
      expect(row.data.payload.startsWith('CollectorPayload(schema:iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0, ipAddress:127.0.0.1, timestamp:')).toBe(true);
    }
    expect(bad.map((r) => r.data.failure.maximumAllowedSizeBytes).sort()).toEqual([4000, 8000]);
    expect(bad.map((r) => r.data.failure.expectation)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^oversized collector payload: cannot split POST requests which are not json /),
        expect.stringMatching(/^oversized collector payload: Payload exceeds max size of 8000\. Actual length: \d+$/),
      ]),
    );
    expect(bad.every((r) => r.data.payload.length === Number(r.data.failure.maximumAllowedSizeBytes) / 10)).toBe(true);
  });
});

describe('durability: Kinesis failing', () => {
  let kinesis: Emulator;
  let client: KinesisClient;
  let proxy: FaultProxy;
  let c: TestCollector;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    client = kinesisClient(kinesis.endpoint);
    await createStream(client, 'raw', 1);
    await createStream(client, 'bad-1', 1);
    proxy = await startFaultProxy(kinesis.endpoint);
    c = await startTestCollector(kinesisConfig(proxy.endpoint, 'raw', 'bad-1', { ack: { timeoutMs: 1500, retryAfterSecs: 7 } }), { configuredSinks: true });
    await waitFor('sink health', () => sinkHealthy(c));
  });
  afterAll(async () => {
    await c?.close();
    await proxy?.close();
    client?.destroy();
    await kinesis?.stop();
  });

  it('answers 503 + Retry-After (with CORS) while Kinesis fails, and everything answered 200 is in the stream after recovery', async () => {
    const acked: number[] = [];
    const unavailable: number[] = [];
    let next = 1;
    const send = async (): Promise<void> => {
      const id = next++;
      const r = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { Origin: 'https://shop.example' }, tp2([id])));
      if (r.status === 200) acked.push(id);
      else {
        expect(r.status).toBe(503);
        expect(r.header('Retry-After')).toBe('7');
        expect(r.header('Access-Control-Allow-Origin')).toBe('https://shop.example');
        expect(r.header('Set-Cookie')).toBeUndefined();
        unavailable.push(id);
      }
    };
    for (let i = 0; i < 5; i++) await send();
    expect(acked).toEqual([1, 2, 3, 4, 5]);

    proxy.mode = 'fail';
    await Promise.all(Array.from({ length: 5 }, send));
    await waitFor('sink unhealthy', async () => !(await sinkHealthy(c)));
    // Once unhealthy, new requests are refused at once.
    const started = Date.now();
    await send();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(unavailable.length).toBeGreaterThanOrEqual(1);
    expect(c.collector.registry.getSingleMetric('sleet_collector_unavailable_total')).toBeDefined();

    proxy.mode = 'pass';
    await waitFor('sink healthy again', () => sinkHealthy(c));
    for (let i = 0; i < 5; i++) await send();
    expect(acked.slice(-5)).toEqual([next - 5, next - 4, next - 3, next - 2, next - 1]);

    await waitFor('retried records written', () => c.collector.sinks.good.pendingRecords() === 0);
    const stored = ids((await readStream(client, 'raw')).map((r) => decodeCollectorPayload(r.data)));
    for (const id of acked) expect(stored).toContain(id);
    // Refused requests were never acknowledged; those already taken are still written (at least once, never lost).
    expect(new Set(stored).size).toBeGreaterThanOrEqual(acked.length);
  });

  it('retries records Kinesis refused (ProvisionedThroughputExceeded) until all are stored, and answers 200', async () => {
    const before = (await readStream(client, 'raw')).length;
    proxy.mode = 'throttle-half';
    const refusedBefore = proxy.stats.refusedRecords;
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', {}, tp2([1000 + i])))));
      expect(answers.map((a) => a.status)).toEqual(new Array(10).fill(200));
    } finally {
      proxy.mode = 'pass';
    }
    expect(proxy.stats.refusedRecords).toBeGreaterThan(refusedBefore);
    const stored = ids((await readStream(client, 'raw')).slice(before).map((r) => decodeCollectorPayload(r.data)));
    expect(stored).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
    const metrics = await c.collector.registry.metrics();
    expect(metrics).toMatch(/sleet_collector_sink_retries_total\{sink="good",error_type="ProvisionedThroughputExceededException"\} [1-9]/);
  });
});

describe('durability: Kinesis stopped and restarted', () => {
  it('503 while the emulator is down; after restart the sink recovers and acknowledged events are stored', async () => {
    let kinesis = await startEmulator('kinesalite');
    const port = kinesis.port;
    let client = kinesisClient(kinesis.endpoint);
    await createStream(client, 'raw', 1);
    await createStream(client, 'bad-1', 1);
    const c = await startTestCollector(kinesisConfig(kinesis.endpoint, 'raw', 'bad-1', { ack: { timeoutMs: 1500 } }), { configuredSinks: true });
    try {
      await waitFor('sink health', () => sinkHealthy(c));
      const first = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, tp2([1])));
      expect(first.status).toBe(200);
      expect(ids((await readStream(client, 'raw')).map((r) => decodeCollectorPayload(r.data)))).toEqual([1]);

      await kinesis.stop();
      client.destroy();
      const during = await Promise.all([2, 3].map((id) => rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, tp2([id])))));
      expect(during.map((r) => r.status)).toEqual([503, 503]);
      await waitFor('sink unhealthy', async () => !(await sinkHealthy(c)));
      expect((await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, tp2([4])))).status).toBe(503);

      kinesis = await startEmulator('kinesalite', { port });
      client = kinesisClient(kinesis.endpoint);
      await createStream(client, 'raw', 1);
      await createStream(client, 'bad-1', 1);
      await waitFor('sink healthy again', () => sinkHealthy(c));
      const after = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, tp2([5])));
      expect(after.status).toBe(200);
      await waitFor('backlog written', () => c.collector.sinks.good.pendingRecords() === 0);
      // The new emulator holds the acknowledged event 5, plus the events taken while it was down (2, 3), retried
      // until they were stored; the refused event 4 was never taken.
      expect(ids((await readStream(client, 'raw')).map((r) => decodeCollectorPayload(r.data)))).toEqual([2, 3, 5]);
    } finally {
      await c.close();
      client.destroy();
      await kinesis.stop();
    }
  });
});
