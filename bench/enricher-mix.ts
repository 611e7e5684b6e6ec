/**
 * The realistic input mix of `npm run bench:enricher` (and the hook for a "full enrichment" scenario: import
 * `buildEnricherMix` and `writeEmbeddedRepository`, pass your own EnrichmentRegistry to enrichRecord).
 * Mix per 100 records: 35 page views with a web_page context (tp1 GET, cx), 25 page pings, 15 struct events,
 * 15 self-describing events with two contexts (tp2 POST, 3 events per body), 5 invalid parameters (schema_violations)
 * and 5 undecodable records (collector_payload_format_violation).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, encodeCollectorPayload } from '../common/thrift';
import { TEST_SCHEMAS } from '../enricher/test/test-iglu';

export interface MixRecord {
  readonly bytes: Buffer;
  /** The same payload as JSON text, for the JSON.parse + JSON.stringify baseline. */
  readonly json: string;
}

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const HEADERS = ['Host: c.example.com', `User-Agent: ${UA}`, 'Accept: */*', 'Accept-Language: en-GB', 'X-Forwarded-For: 198.51.100.23'];
const SP = 'iglu:com.snowplowanalytics.snowplow';

function uuid(i: number): string {
  const h = (i * 2654435761 >>> 0).toString(16).padStart(8, '0');
  return `${h}-1234-4abc-8def-${String(i).padStart(12, '0')}`;
}

function b64url(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

function payload(i: number, fields: Partial<CollectorPayload>): CollectorPayload {
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '10.0.0.1',
    timestamp: 1700000000000 + i,
    encoding: 'UTF-8',
    collector: 'ssc-3.2.0-kinesis',
    userAgent: UA,
    refererUri: 'https://shop.example.com/',
    headers: HEADERS,
    networkUserId: uuid(i + 7),
    ...fields,
  };
}

function qs(params: Record<string, string>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

function common(i: number): Record<string, string> {
  return {
    aid: 'shop', p: 'web', tv: 'js-4.0.0', tna: 'sp', eid: uuid(i), duid: uuid(i + 1), sid: uuid(i + 2), vid: String(1 + (i % 9)),
    dtm: String(1699999999000 + i), stm: String(1700000000000 + i), res: '1920x1080', vp: '1280x720', cd: '24', cookie: '1', lang: 'en-GB',
    tz: 'Europe/London', cs: 'UTF-8', url: `https://shop.example.com/products/${i}?utm_source=news&utm_medium=email`,
    refr: 'https://www.google.com/search?q=hats', page: 'Red hat – Shop',
  };
}

function webPage(i: number) {
  return { schema: `${SP}/web_page/jsonschema/1-0-0`, data: { id: uuid(i + 3) } };
}

export function buildEnricherMix(count: number): MixRecord[] {
  const out: MixRecord[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % 100;
    let p: CollectorPayload;
    if (slot < 35) {
      p = payload(i, { path: '/i', querystring: qs({ e: 'pv', ...common(i), cx: b64url({ schema: `${SP}/contexts/jsonschema/1-0-0`, data: [webPage(i)] }) }) });
    } else if (slot < 60) {
      p = payload(i, { path: '/i', querystring: qs({ e: 'pp', ...common(i), pp_mix: '0', pp_max: '120', pp_miy: '300', pp_may: '1800', cx: b64url({ schema: `${SP}/contexts/jsonschema/1-0-0`, data: [webPage(i)] }) }) });
    } else if (slot < 75) {
      p = payload(i, { path: '/i', querystring: qs({ e: 'se', ...common(i), se_ca: 'basket', se_ac: 'add', se_la: `sku-${i}`, se_pr: 'red', se_va: '19.99' }) });
    } else if (slot < 90) {
      if (slot % 3 !== 0) continue; // 5 bodies × 3 events = 15 events
      const events = [0, 1, 2].map((k) => ({
        e: 'ue', ...common(i + k), eid: uuid(i * 10 + k),
        ue_px: b64url({ schema: `${SP}/unstruct_event/jsonschema/1-0-0`, data: { schema: 'iglu:com.acme/link_click/jsonschema/1-0-0', data: { targetUrl: `https://shop.example.com/x/${k}`, elementId: 'buy' } } }),
        cx: b64url({ schema: `${SP}/contexts/jsonschema/1-0-0`, data: [webPage(i + k), { schema: 'iglu:com.acme/product/jsonschema/1-0-0', data: { sku: `sku-${i}`, price: 19.99, qty: 1 } }] }),
      }));
      p = payload(i, {
        path: '/com.snowplowanalytics.snowplow/tp2', querystring: '', contentType: 'application/json; charset=UTF-8',
        body: JSON.stringify({ schema: `${SP}/payload_data/jsonschema/1-0-4`, data: events }),
      });
    } else if (slot < 95) {
      p = payload(i, { path: '/i', querystring: qs({ e: 'pv', ...common(i), vid: 'x', res: '12' }) });
    } else {
      const junk = Buffer.from(`not thrift ${i} `.repeat(8));
      out.push({ bytes: junk, json: JSON.stringify({ junk: junk.toString('base64') }) });
      continue;
    }
    out.push({ bytes: encodeCollectorPayload(p), json: JSON.stringify(p) });
  }
  return out;
}

/**
 * Writes the benchmark's schemas (those of the unit tests, with their Iglu `self` blocks) as an embedded Iglu
 * repository and returns a resolver config for it, so the benchmark runs the real resolver and validator.
 */
export function writeEmbeddedRepository(): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'sleet-bench-iglu-'));
  for (const [uri, schema] of Object.entries(TEST_SCHEMAS)) {
    const m = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri);
    if (m === null || '$supersededBy' in schema) continue;
    const [, vendor, name, format, version] = m as unknown as [string, string, string, string, string];
    const file = join(dir, 'schemas', vendor, name, format);
    mkdirSync(file, { recursive: true });
    writeFileSync(
      join(file, version),
      JSON.stringify({
        $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
        self: { vendor, name, format, version },
        ...schema,
      }),
    );
  }
  return {
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: { cacheSize: 500, repositories: [{ name: 'bench', priority: 0, vendorPrefixes: [], connection: { embedded: { path: dir } } }] },
  };
}
