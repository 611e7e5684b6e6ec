/**
 * Compatibility tier (needs ../shared): Iglu Central served by a local static registry on 127.0.0.1 and the real
 * resolver/validator (enricher/iglu).
 * - recorded requests of the real node and browser trackers enrich into good events (standard schemas validate);
 * - every bad row the fixture suite produces validates against its badrows schema from Iglu Central;
 * - output lines parse with the independent `snowplow-analytics-sdk` npm package into the expected JSON shape
 *   (avoiding its known limit: vendors with `-`, spec/iglu-and-output.md §3c).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transform as sdkTransform } from 'snowplow-analytics-sdk';
import { IgluStaticServer, startIgluStaticServer } from '../../test/harness/iglu-static-server';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, encodeCollectorPayload } from '../../common/thrift';
import { SLEET_VERSION } from '../../common/version';
import { createIgluValidator } from '../iglu';
import type { IgluValidator } from '../iglu/types';
import { igluSchema, resolverConfig, tempRepo, TempRepo } from '../iglu/test/schema-fixtures';
import { EMPTY_REGISTRY } from '../enrichments/enrichment';
import { enrichPayload } from '../enrich-payload';
import type { EnrichResult } from '../api';
import { buildRecord, FixtureInput } from './fixture-record';
import { TestIglu } from './test-iglu';

/** The SDK's `Event` type lacks the shredded keys and types timestamps wrongly (§3c): read it as plain JSON. */
const transform = (line: string): Record<string, unknown> => sdkTransform(line) as unknown as Record<string, unknown>;

const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const FIXTURES = join(__dirname, 'fixtures');

let central: IgluStaticServer;
let iglu: IgluValidator;
let acme: TempRepo;

beforeAll(async () => {
  central = await startIgluStaticServer({ root: join(SHARED, 'iglu-central') });
  // The recorded tracker requests also carry the test's own com.acme schemas: an embedded repository, written here.
  acme = tempRepo();
  const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });
  acme.write('com.acme/user/jsonschema/1-0-0', igluSchema('com.acme/user/jsonschema/1-0-0', obj({ tier: { type: 'string' } })));
  acme.write(
    'com.acme/button_click/jsonschema/1-0-0',
    igluSchema('com.acme/button_click/jsonschema/1-0-0', obj({ id: { type: 'string' }, n: { type: 'integer' } })),
  );
  acme.write('com.acme/clicked/jsonschema/1-0-0', igluSchema('com.acme/clicked/jsonschema/1-0-0', obj({ id: { type: 'string' } })));
  iglu = createIgluValidator(
    resolverConfig([
      { name: 'Iglu Central (local)', http: central.uri, vendorPrefixes: ['com.snowplowanalytics'] },
      { name: 'acme', embedded: acme.root, vendorPrefixes: ['com.acme'] },
    ]),
    { bundledSchemasDir: false },
  );
});
afterAll(async () => {
  acme.remove();
  await central.close();
});

const ctx = { etlTimestamp: 1700000001000, arrivalTimestamp: 1700000002000 };
const processor = { artifact: 'sleet', version: SLEET_VERSION };

function enrich(record: Uint8Array, validator: IgluValidator, maxRecordBytes = 1_000_000): Promise<EnrichResult> {
  return enrichPayload(record, ctx, { iglu: validator, enrichments: EMPTY_REGISTRY, processor, maxRecordBytes });
}

interface Recorded {
  method: string;
  url?: string;
  path?: string;
  headers?: Record<string, string>;
  ua?: string;
  referer?: string;
  contentType?: string;
  body?: string | null;
}

function recordedRequests(): Array<{ source: string; req: Recorded }> {
  const dir = join(SHARED, 'fixtures', 'tracker-requests');
  const out: Array<{ source: string; req: Recorded }> = [];
  const node = JSON.parse(readFileSync(join(dir, 'node-tracker-4.8.0.json'), 'utf8')) as { requests: Recorded[] };
  for (const req of node.requests) out.push({ source: 'node-tracker', req });
  const browser = JSON.parse(readFileSync(join(dir, 'browser-tracker-4.10.1-chromium-156.json'), 'utf8')) as {
    scenarios: Record<string, { requests: Recorded[] }>;
  };
  for (const [name, s] of Object.entries(browser.scenarios)) for (const req of s.requests) out.push({ source: `browser ${name}`, req });
  return out.filter((r) => r.req.method === 'GET' || r.req.method === 'POST');
}

function toPayload(req: Recorded): CollectorPayload {
  const target = req.url ?? req.path ?? '/';
  const q = target.indexOf('?');
  const headers = Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  const rawCt = req.contentType ?? req.headers?.['content-type'];
  const contentType = rawCt === undefined ? undefined : rawCt.toLowerCase().replace(/;\s*/, '; ');
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '192.0.2.10',
    timestamp: 1795304260000,
    encoding: 'UTF-8',
    collector: 'sleet-0.1.0-kinesis',
    userAgent: req.ua ?? req.headers?.['user-agent'],
    refererUri: req.referer ?? req.headers?.referer,
    path: q < 0 ? target : target.slice(0, q),
    querystring: q < 0 ? '' : target.slice(q + 1),
    body: req.method === 'POST' ? (req.body ?? '') : undefined,
    headers,
    contentType: req.method === 'POST' ? contentType : undefined,
  };
}

test('recorded node and browser tracker requests enrich into good events against Iglu Central', async () => {
  const requests = recordedRequests();
  expect(requests.length).toBeGreaterThanOrEqual(8);
  let events = 0;
  for (const { source, req } of requests) {
    const r = await enrich(encodeCollectorPayload(toPayload(req)), iglu);
    expect({ source, bad: r.bad.map((b) => b.json) }).toEqual({ source, bad: [] });
    for (const g of r.good) {
      expect(g.tsv.split('\t')).toHaveLength(131);
      const json = transform(g.tsv);
      expect(json.event_id).toBe(g.eventId);
    }
    events += r.good.length;
  }
  expect(events).toBeGreaterThanOrEqual(10);
}, 120_000);

test('every bad row produced by the fixture suite validates against its badrows schema', async () => {
  const cases = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());
  const problems: string[] = [];
  const schemas = new Set<string>();
  for (const name of cases) {
    const input = JSON.parse(readFileSync(join(FIXTURES, name, 'input.json'), 'utf8')) as FixtureInput;
    const r = await enrich(buildRecord(input), new TestIglu(), input.deps?.maxRecordBytes);
    for (const b of r.bad) {
      const row = JSON.parse(b.json) as { schema: string; data: unknown };
      schemas.add(row.schema);
      const v = await iglu.validate(row.schema, row.data);
      if (!v.ok) problems.push(`${name}: ${JSON.stringify(v.error).slice(0, 600)}`);
    }
  }
  expect(problems).toEqual([]);
  // Every bad-row type the enricher emits is covered.
  expect([...schemas].map((s) => s.split('/')[1]).sort()).toEqual([
    'adapter_failures',
    'collector_payload_format_violation',
    'enrichment_failures',
    'schema_violations',
    'size_violation',
    'tracker_protocol_violations',
  ]);
}, 120_000);

test('output lines parse with snowplow-analytics-sdk into the expected JSON shape', async () => {
  const line = (name: string) => {
    const input = JSON.parse(readFileSync(join(FIXTURES, name, 'input.json'), 'utf8')) as FixtureInput;
    return enrich(buildRecord(input), new TestIglu()).then((r) => r.good.map((g) => g.tsv));
  };
  const [pv] = await line('tp1-page-view');
  const ev = transform(pv as string);
  expect(ev).toMatchObject({
    app_id: 'shop',
    platform: 'web',
    event: 'page_view',
    collector_tstamp: '2023-11-14T22:13:20.123Z',
    derived_tstamp: '2023-11-14T22:13:19.623Z',
    domain_sessionidx: 3,
    page_urlport: 443,
    br_cookies: true,
    br_features_flash: false,
    dvce_screenwidth: 1920,
    v_etl: `sleet-${SLEET_VERSION}`,
  });
  const [withContexts] = await line('contexts-co-lexemes');
  const ctxEvent = transform(withContexts as string);
  expect(ctxEvent.contexts_com_snowplowanalytics_snowplow_web_page_1).toEqual([{ id: 'a5a8d1b0-1234-4bcd-9abc-0123456789ab' }]);
  expect(ctxEvent.contexts_com_acme_product_1).toEqual([
    { sku: 'x', price: 1.5, qty: 1000, neg: -0, big: 12345678901234567000, nested: { a: [1, 200] } },
  ]);
  const [ue] = await line('tp1-unstruct-ue-pr');
  expect((transform(ue as string)).unstruct_event_com_acme_link_click_1).toEqual({
    targetUrl: 'https://x.test/',
    elementId: 'b1',
  });
  const [se] = await line('tp1-struct-event');
  // The JS SDK keeps se_value as its text (the Scala SDK parses a Double): the BigDecimal lexeme survives.
  expect(transform(se as string)).toMatchObject({ se_category: 'shop', se_value: '1E-7', event_name: 'event' });
});
