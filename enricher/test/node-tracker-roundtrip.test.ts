/**
 * Round trip with the real @snowplow/node-tracker: it sends GET and POST requests to a small node:http server on
 * 127.0.0.1 that records them; each request becomes a CollectorPayload the way the collector builds one (path,
 * raw querystring, body, `Name: value` headers, normalised content type), goes through the Thrift codec, and is
 * enriched. Every tracked event must come out as a good 131-column event with the tracker's values.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { buildSelfDescribingEvent, buildPageView, buildStructEvent, newTracker } from '@snowplow/node-tracker';
import { ENRICHED_FIELD_INDEX } from '../../common/enriched-fields';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload, encodeCollectorPayload } from '../../common/thrift';
import { EMPTY_REGISTRY } from '../enrichments/enrichment';
import { enrichPayload } from '../enrich-payload';
import { TestIglu } from './test-iglu';

interface Captured {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string | undefined;
}

async function withCapturingServer(fn: (port: number, requests: Captured[]) => Promise<void>): Promise<void> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : undefined });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn((server.address() as AddressInfo).port, requests);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** What the collector writes (spec/collector.md §4): raw query, `Name: value` headers, lower-cased content type. */
function toCollectorPayload(req: Captured): CollectorPayload {
  const q = req.url.indexOf('?');
  const headers: string[] = [];
  let contentType: string | undefined;
  let userAgent: string | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers.push(`${name}: ${value}`);
    if (name.toLowerCase() === 'content-type') contentType = value.toLowerCase().replace(/;\s*/, '; ');
    if (name.toLowerCase() === 'user-agent') userAgent = value;
  }
  if (contentType !== undefined) headers.push(contentType);
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '127.0.0.1',
    timestamp: Date.now(),
    encoding: 'UTF-8',
    collector: 'sleet-test-kinesis',
    userAgent,
    path: q < 0 ? req.url : req.url.slice(0, q),
    querystring: q < 0 ? '' : req.url.slice(q + 1),
    body: req.body,
    headers,
    contentType: req.method === 'POST' ? contentType : undefined,
    networkUserId: randomUUID(),
  };
}

const WEB_PAGE = { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'a5a8d1b0-1234-4bcd-9abc-0123456789ab' } };
const PRODUCT = { schema: 'iglu:com.acme/product/jsonschema/1-0-0', data: { sku: 'hat', price: 12.5, qty: 2 } };

describe.each([
  ['GET', true],
  ['GET', false],
  ['POST', true],
  ['POST', false],
] as const)('node-tracker %s (encodeBase64 %s) → collector payload → Thrift → enricher', (method, encodeBase64) => {
  it('enriches every tracked event', async () => {
    await withCapturingServer(async (port, requests) => {
      const t = newTracker(
        { namespace: 'rt', appId: 'roundtrip', encodeBase64 },
        { endpoint: '127.0.0.1', port, protocol: 'http', eventMethod: method === 'GET' ? 'get' : 'post', bufferSize: method === 'GET' ? 1 : 3 },
      );
      t.setUserId('user-1');
      t.track(buildPageView({ pageUrl: 'http://www.example.com/a?b=1', pageTitle: 'Example', referrer: 'https://ref.example.org/' }), [WEB_PAGE]);
      t.track(buildStructEvent({ category: 'shop', action: 'add', label: 'hat', property: 'red', value: 12.5 }));
      t.track(buildSelfDescribingEvent({ event: { schema: 'iglu:com.acme/link_click/jsonschema/1-0-0', data: { targetUrl: 'https://x.test/' } } }), [WEB_PAGE, PRODUCT]);
      await t.flush();
      expect(requests.length).toBeGreaterThan(0);

      const iglu = new TestIglu();
      const rows: string[][] = [];
      for (const req of requests) {
        const record = encodeCollectorPayload(toCollectorPayload(req));
        expect(decodeCollectorPayload(record).path).toBe(method === 'GET' ? '/i' : '/com.snowplowanalytics.snowplow/tp2');
        const r = await enrichPayload(record, { etlTimestamp: Date.now(), arrivalTimestamp: Date.now() }, {
          iglu,
          enrichments: EMPTY_REGISTRY,
          processor: { artifact: 'sleet', version: '0.1.0' },
          maxRecordBytes: 1_000_000,
        });
        expect(r.bad.map((b) => b.json)).toEqual([]);
        for (const g of r.good) rows.push(g.tsv.split('\t'));
      }
      const col = (row: string[], name: keyof typeof ENRICHED_FIELD_INDEX) => row[ENRICHED_FIELD_INDEX[name]];
      expect(rows.map((r) => col(r, 'event'))).toEqual(['page_view', 'struct', 'unstruct']);
      for (const row of rows) {
        expect(row).toHaveLength(131);
        expect(col(row, 'app_id')).toBe('roundtrip');
        expect(col(row, 'platform')).toBe('srv');
        expect(col(row, 'user_id')).toBe('user-1');
        expect(col(row, 'v_tracker')).toMatch(/^node-/);
        expect(col(row, 'dvce_sent_tstamp')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
        expect(col(row, 'event_id')).toMatch(/^[0-9a-f-]{36}$/);
      }
      const [pv, se, ue] = rows as [string[], string[], string[]];
      expect(col(pv, 'page_urlhost')).toBe('www.example.com');
      expect(col(pv, 'page_urlquery')).toBe('b=1');
      expect(col(pv, 'refr_urlhost')).toBe('ref.example.org');
      expect(col(pv, 'contexts')).toBe(`{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[${JSON.stringify(WEB_PAGE)}]}`);
      expect(col(se, 'se_value')).toBe('12.5');
      expect(col(se, 'event_vendor')).toBe('com.google.analytics');
      expect(col(ue, 'event_name')).toBe('link_click');
      expect(col(ue, 'unstruct_event')).toBe(
        '{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/link_click/jsonschema/1-0-0","data":{"targetUrl":"https://x.test/"}}}',
      );
      expect(col(ue, 'contexts')).toContain('"price":12.5,"qty":2');
    });
  });
});
