/**
 * The real @snowplow/node-tracker sending GET and POST events to the running collector (Kinesis sink on
 * kinesalite): every request is acknowledged, and the records read back from the stream decode to what the
 * tracker sent.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { buildPageView, buildSelfDescribingEvent, buildStructEvent, newTracker } from '@snowplow/node-tracker';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload } from '../common/thrift';
import { COLLECTOR_VERSION_KINESIS } from '../common/version';
import { createStream, Emulator, kinesisClient, startEmulator } from '../test/harness/emulators';
import { rawRequest, requestText, startTestCollector, TestCollector } from './test/harness';
import { readStream } from './test/kinesis-stream';

jest.setTimeout(60_000);

const CONTEXT = { schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 'gold' } };
const CLICK = { schema: 'iglu:com.acme/button_click/jsonschema/1-0-0', data: { id: 'buy', n: 2 } };

function params(p: CollectorPayload): URLSearchParams {
  return new URLSearchParams(p.querystring);
}

describe('@snowplow/node-tracker → collector → Kinesis', () => {
  let kinesis: Emulator;
  let client: KinesisClient;
  let c: TestCollector;
  let stream = 0;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    client = kinesisClient(kinesis.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await kinesis?.stop();
  });
  beforeEach(async () => {
    stream++;
    await createStream(client, `raw-${stream}`, 1);
    await createStream(client, `bad-${stream}`, 1);
    c = await startTestCollector(
      { sink: { type: 'kinesis', kinesis: { region: 'us-east-1', endpoint: kinesis.endpoint, goodStream: `raw-${stream}`, badStream: `bad-${stream}`, lingerMs: 2 } } },
      { configuredSinks: true },
    );
    for (let i = 0; i < 200 && (await rawRequest(c.port, requestText('GET', '/sink-health'))).status !== 200; i++) await new Promise((r) => setTimeout(r, 25));
  });
  afterEach(() => c.close());

  async function trackAll(eventMethod: 'get' | 'post', encodeBase64: boolean): Promise<CollectorPayload[]> {
    const failures: unknown[] = [];
    const t = newTracker(
      { namespace: `ns-${eventMethod}`, appId: 'test-app', encodeBase64 },
      { endpoint: '127.0.0.1', port: c.port, protocol: 'http', eventMethod, bufferSize: eventMethod === 'get' ? 1 : 3, onRequestFailure: (f: unknown) => failures.push(f) },
    );
    t.setUserId('user-1');
    t.track(buildPageView({ pageUrl: 'http://shop.test/home?q=1', pageTitle: 'Home', referrer: 'http://ref.test/' }), [CONTEXT]);
    t.track(buildStructEvent({ category: 'shop', action: 'add-to-basket', label: 'sku-1', property: 'pcs', value: 2 }));
    t.track(buildSelfDescribingEvent({ event: CLICK }), [CONTEXT]);
    await t.flush();
    expect(failures).toEqual([]);
    return (await readStream(client, `raw-${stream}`)).map((r) => decodeCollectorPayload(r.data)).sort((a, b) => a.timestamp - b.timestamp);
  }

  function expectCommon(p: CollectorPayload, path: string): void {
    expect(p.schema).toBe(COLLECTOR_PAYLOAD_SCHEMA);
    expect(p.collector).toBe(COLLECTOR_VERSION_KINESIS);
    expect(p.encoding).toBe('UTF-8');
    expect(p.ipAddress).toBe('127.0.0.1');
    expect(p.path).toBe(path);
    expect(p.userAgent).toBe('node');
    expect(p.hostname).toBe('127.0.0.1');
    expect(p.networkUserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.headers).toEqual(expect.arrayContaining([`host: 127.0.0.1:${c.port}`, 'user-agent: node', 'accept: */*', 'accept-language: *', 'sec-fetch-mode: cors']));
  }

  it.each([true, false])('GET /i, one request per event (encodeBase64 %s)', async (encodeBase64) => {
    const payloads = await trackAll('get', encodeBase64);
    expect(payloads).toHaveLength(3);
    for (const p of payloads) {
      expectCommon(p, '/i');
      expect(p.body).toBeUndefined();
      expect(p.contentType).toBeUndefined();
      expect(p.querystring!.startsWith('stm=')).toBe(true);
      expect(params(p).get('tv')).toBe('node-4.8.0');
      expect([params(p).get('aid'), params(p).get('tna'), params(p).get('uid'), params(p).get('p')]).toEqual(['test-app', 'ns-get', 'user-1', 'srv']);
    }
    expect(payloads.map((p) => params(p).get('e'))).toEqual(['pv', 'se', 'ue']);
    const [pv, se, ue] = payloads.map(params);
    expect([pv.get('url'), pv.get('page'), pv.get('refr')]).toEqual(['http://shop.test/home?q=1', 'Home', 'http://ref.test/']);
    expect([se.get('se_ca'), se.get('se_ac'), se.get('se_la'), se.get('se_pr'), se.get('se_va')]).toEqual(['shop', 'add-to-basket', 'sku-1', 'pcs', '2']);
    const contexts = encodeBase64 ? Buffer.from(pv.get('cx')!, 'base64url').toString('utf8') : pv.get('co')!;
    expect(JSON.parse(contexts)).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [CONTEXT] });
    const unstruct = encodeBase64 ? Buffer.from(ue.get('ue_px')!, 'base64url').toString('utf8') : ue.get('ue_pr')!;
    expect(JSON.parse(unstruct)).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: CLICK });
  });

  it('POST tp2, events batched in payload_data 1-0-4 with the content type enrich accepts', async () => {
    const payloads = await trackAll('post', false);
    expect(payloads.length).toBeGreaterThanOrEqual(1);
    const events: Array<Record<string, string>> = [];
    for (const p of payloads) {
      expectCommon(p, '/com.snowplowanalytics.snowplow/tp2');
      expect(p.querystring).toBe('');
      expect(p.contentType).toBe('application/json; charset=utf-8');
      expect(p.headers?.[p.headers.length - 1]).toBe('application/json; charset=utf-8');
      expect(p.headers).toEqual(expect.arrayContaining(['Content-Type: application/json; charset=UTF-8']));
      const body = JSON.parse(p.body!) as { schema: string; data: Array<Record<string, string>> };
      expect(body.schema).toBe('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4');
      events.push(...body.data);
    }
    expect(events.map((e) => e.e)).toEqual(['pv', 'se', 'ue']);
    for (const e of events) {
      expect(Object.values(e).every((v) => typeof v === 'string')).toBe(true);
      expect([e.aid, e.tna, e.uid, e.tv]).toEqual(['test-app', 'ns-post', 'user-1', 'node-4.8.0']);
      expect(e.stm).toMatch(/^\d{13}$/);
    }
    expect(JSON.parse(events[2].ue_pr)).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: CLICK });
  });
});
