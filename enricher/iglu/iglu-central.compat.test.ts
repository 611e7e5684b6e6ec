/**
 * Compatibility tier: Iglu Central (../shared/iglu-central, R183 subset) served by a local static registry.
 * Every schema must be usable, standard tracker data must validate, and the Iglu errors this validator produces
 * must fit the badrows schemas that carry them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IgluStaticServer, listSchemaPaths, startIgluStaticServer } from '../../test/harness/iglu-static-server';
import { sizeViolation } from '../../common/bad-rows';
import { createSchemaEngine } from './ajv-setup';
import { createIgluValidator } from './create-iglu-validator';
import { DEFAULT_RESOLVER_CONFIG_FILE, SLEET_SCHEMAS_DIR } from './defaults';
import type { IgluSchemaValidator } from './validator';
import { igluSchema, resolverConfig, tempRepo } from './test/schema-fixtures';
import type { IgluValidation } from './types';

const SHARED = resolve(__dirname, '..', '..', '..', 'shared');
const IGLU_CENTRAL = join(SHARED, 'iglu-central');
const SP = 'com.snowplowanalytics.snowplow';

let central: IgluStaticServer;
let v: IgluSchemaValidator;

beforeAll(async () => {
  central = await startIgluStaticServer({ root: IGLU_CENTRAL });
  v = createIgluValidator(
    resolverConfig([{ name: 'Iglu Central (local)', http: central.uri, vendorPrefixes: ['com.snowplowanalytics'] }], { cacheTtl: 600 }),
  );
});
afterAll(() => central.close());

const ok = (r: IgluValidation): void => expect(r).toEqual({ ok: true });

test('every jsonschema in the Iglu Central subset is a valid, compilable Iglu schema', async () => {
  const paths = listSchemaPaths([IGLU_CENTRAL]).filter((p) => p.split('/')[2] === 'jsonschema');
  expect(paths.length).toBeGreaterThan(250);
  const unusable: string[] = [];
  for (const p of paths) {
    const r = await v.validate(`iglu:${p}`, {});
    if (!r.ok && !('dataReports' in r.error)) unusable.push(`${p}: ${JSON.stringify(r.error).slice(0, 300)}`);
  }
  expect(unusable).toEqual([]);
  expect(central.requests.length).toBe(paths.length);
}, 120_000);

test('standard entities and wrappers', async () => {
  ok(await v.validate(`iglu:${SP}/web_page/jsonschema/1-0-0`, { id: '984f40b1-a2e0-46aa-b67d-d84affec5936' }));
  expect(await v.validate(`iglu:${SP}/web_page/jsonschema/1-0-0`, { id: 'not-a-uuid' })).toMatchObject({
    ok: false,
    error: { dataReports: [{ path: '$.id', keyword: 'pattern', targets: [expect.stringMatching(/^\^\[a-fA-F0-9\]\{8\}/)] }] },
  });
  expect(await v.validate(`iglu:${SP}/web_page/jsonschema/1-0-0`, {})).toMatchObject({
    ok: false,
    error: { dataReports: [{ message: '$.id: is missing but it is required', path: '$', keyword: 'required', targets: ['id'] }] },
  });
  const ua = {
    useragentFamily: 'Chrome',
    useragentMajor: '124',
    useragentMinor: '0',
    useragentPatch: '6367',
    useragentVersion: 'Chrome 124.0.6367',
    osFamily: 'Windows',
    osMajor: '10',
    osMinor: null,
    osPatch: null,
    osPatchMinor: null,
    osVersion: 'Windows 10',
    deviceFamily: 'Other',
  };
  ok(await v.validate(`iglu:${SP}/ua_parser_context/jsonschema/1-0-0`, ua));
  expect(await v.validate(`iglu:${SP}/ua_parser_context/jsonschema/1-0-0`, { ...ua, useragentMajor: 124 })).toMatchObject({
    ok: false,
    error: { dataReports: [{ message: '$.useragentMajor: integer found, [string, null] expected', keyword: 'type' }] },
  });
  const entity = { schema: `iglu:${SP}/web_page/jsonschema/1-0-0`, data: { id: '984f40b1-a2e0-46aa-b67d-d84affec5936' } };
  ok(await v.validate(`iglu:${SP}/contexts/jsonschema/1-0-0`, [entity]));
  expect(await v.validate(`iglu:${SP}/contexts/jsonschema/1-0-0`, [])).toMatchObject({ ok: false, error: { dataReports: [{ keyword: 'minItems' }] } });
  ok(await v.validate(`iglu:${SP}/contexts/jsonschema/1-0-1`, []));
  ok(await v.validate(`iglu:${SP}/unstruct_event/jsonschema/1-0-0`, entity));
  expect(await v.validate(`iglu:${SP}/unstruct_event/jsonschema/1-0-0`, { schema: 'web_page', data: {} })).toMatchObject({ ok: false });
  ok(await v.validate(`iglu:${SP}/payload_data/jsonschema/1-0-4`, [{ e: 'pv', tv: 'js-4.10.1', p: 'web', ttm: '1' }]));
  expect(await v.validate(`iglu:${SP}/payload_data/jsonschema/1-0-4`, [{ e: 'pv', tv: 'js', p: 'web', unknown: 'x' }])).toMatchObject({ ok: false });
  expect(await v.validate(`iglu:${SP}/payload_data/jsonschema/1-0-3`, [{ e: 'pv', tv: 'js', p: 'web', ttm: '1' }])).toMatchObject({ ok: false });
});

interface TrackerEvent {
  readonly source: string;
  readonly params: Record<string, string>;
}

function base64url(text: string): string {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** Events from the recorded real tracker requests (GET querystrings and POST payload_data bodies). */
function recordedEvents(): { events: TrackerEvent[]; bodies: Array<{ schema: string; data: unknown }> } {
  const dir = join(SHARED, 'fixtures', 'tracker-requests');
  const requests: Array<{ source: string; method: string; url: string; body: string }> = [];
  const browser = JSON.parse(readFileSync(join(dir, 'browser-tracker-4.10.1-chromium-156.json'), 'utf8')) as {
    scenarios: Record<string, { requests: Array<{ method: string; path: string; body: string }> }>;
  };
  for (const [name, s] of Object.entries(browser.scenarios)) for (const r of s.requests) requests.push({ source: `browser ${name}`, method: r.method, url: r.path, body: r.body });
  const node = JSON.parse(readFileSync(join(dir, 'node-tracker-4.8.0.json'), 'utf8')) as { requests: Array<{ label: string; method: string; url: string; body: string }> };
  for (const r of node.requests) requests.push({ source: r.label, method: r.method, url: r.url, body: r.body });
  const events: TrackerEvent[] = [];
  const bodies: Array<{ schema: string; data: unknown }> = [];
  for (const r of requests) {
    if (r.method === 'GET') events.push({ source: r.source, params: Object.fromEntries(new URL(r.url, 'http://x').searchParams) });
    if (r.method === 'POST') {
      const body = JSON.parse(r.body) as { schema: string; data: Array<Record<string, string>> };
      bodies.push(body);
      for (const params of body.data) events.push({ source: r.source, params });
    }
  }
  return { events, bodies };
}

test('real tracker requests: payload_data bodies, contexts and self-describing events validate', async () => {
  const { events, bodies } = recordedEvents();
  expect(bodies.length).toBeGreaterThan(0);
  for (const b of bodies) ok(await v.validate(b.schema, b.data));
  let entities = 0;
  const unresolved = new Set<string>();
  for (const { source, params } of events) {
    const wrappers = [params.co, params.cx && base64url(params.cx), params.ue_pr, params.ue_px && base64url(params.ue_px)].filter(
      (x): x is string => typeof x === 'string' && x !== '',
    );
    for (const text of wrappers) {
      const sdj = JSON.parse(text) as { schema: string; data: unknown };
      expect([source, await v.validate(sdj.schema, sdj.data)]).toEqual([source, { ok: true }]);
      const inner = Array.isArray(sdj.data) ? (sdj.data as Array<{ schema: string; data: unknown }>) : [sdj.data as { schema: string; data: unknown }];
      for (const e of inner) {
        entities++;
        const r = await v.validate(e.schema, e.data);
        if (e.schema.startsWith('iglu:com.acme/')) {
          // The trackers' test schemas are not in Iglu Central: a genuine NotFound, not an outage.
          expect(r).toMatchObject({ ok: false, error: { error: 'ResolutionError' } });
          const history = (r as { error: { lookupHistory: Array<{ repository: string; errors: unknown[] }> } }).error.lookupHistory;
          expect(history.map((h) => [h.repository, h.errors])).toEqual([
            ['Sleet Embedded', [{ error: 'NotFound' }]],
            ['Iglu Central (local)', [{ error: 'NotFound' }]],
          ]);
          unresolved.add(e.schema);
        } else expect([source, e.schema, r]).toEqual([source, e.schema, { ok: true }]);
      }
    }
  }
  expect(entities).toBeGreaterThanOrEqual(8);
  expect([...unresolved].sort()).toEqual(['iglu:com.acme/button_click/jsonschema/1-0-0', 'iglu:com.acme/clicked/jsonschema/1-0-0', 'iglu:com.acme/user/jsonschema/1-0-0']);
});

test('the Iglu errors produced here fit the schema_violations bad row (IgluError messages)', async () => {
  const repo = tempRepo();
  try {
    const p = (n: string, ver = '1-0-0'): string => `com.acme/${n}/jsonschema/${ver}`;
    repo.write(p('typed'), igluSchema(p('typed'), { type: 'object', properties: { a: { type: 'integer' } }, required: ['b'] }));
    repo.write(p('old'), igluSchema(p('old'), { $supersededBy: '1-0-1' }));
    repo.write(p('old', '1-0-1'), igluSchema(p('old', '1-0-1'), { type: 'string' }));
    repo.write(p('broken'), igluSchema(p('broken'), { type: 'objekt' }));
    repo.write(p('badlink'), igluSchema(p('badlink'), { $supersededBy: '0-0-1' }));
    const local = createIgluValidator(resolverConfig([{ name: 'local', embedded: repo.root }, { name: 'Iglu Central', http: central.uri }]));
    const errors: unknown[] = [];
    for (const [uri, data] of [
      [`iglu:${p('typed')}`, { a: 'x' }],
      [`iglu:${p('old')}`, 5],
      [`iglu:${p('broken')}`, {}],
      [`iglu:${p('badlink')}`, {}],
      [`iglu:${p('missing')}`, {}],
      [`iglu:com.acme/x/jsonschema/0-0-0`, {}],
    ] as const) {
      const r = await local.validate(uri, data);
      expect(r.ok).toBe(false);
      if (!r.ok) errors.push({ schemaKey: uri, error: JSON.parse(JSON.stringify(r.error)) as unknown });
    }
    const schema = (await v.lookupSchema('iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1')) as {
      properties: { failure: object };
    };
    const engine = createSchemaEngine();
    const failure = engine.ajv.compile(schema.properties.failure);
    const doc = { timestamp: '2026-01-02T03:04:05.678Z', messages: errors };
    expect([failure(doc), failure.errors]).toEqual([true, null]);
  } finally {
    repo.remove();
  }
});

test('a size_violation bad row from common/bad-rows validates against its schema', async () => {
  const row = sizeViolation({
    processor: { artifact: 'sleet', version: '0.1.0' },
    now: Date.UTC(2026, 0, 2),
    maximumAllowedSizeBytes: 1000,
    actualSizeBytes: 5000,
    expectation: 'Enriched event exceeds the maximum allowed size of 1000 bytes',
    payload: 'x'.repeat(5000),
  });
  ok(await v.validate(row.schema, row.data));
});

test('the default resolver config and Sleet schemas satisfy Iglu Central’s own schemas', async () => {
  const config = JSON.parse(readFileSync(DEFAULT_RESOLVER_CONFIG_FILE, 'utf8')) as { schema: string; data: unknown };
  ok(await v.validate(config.schema, config.data));
  const meta = 'iglu:com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0';
  for (const p of listSchemaPaths([SLEET_SCHEMAS_DIR])) {
    const doc = JSON.parse(readFileSync(join(SLEET_SCHEMAS_DIR, ...p.split('/')), 'utf8')) as unknown;
    expect([p, await v.validate(meta, doc)]).toEqual([p, { ok: true }]);
  }
  expect(await v.validate(meta, { type: 'object' })).toMatchObject({ ok: false, error: { dataReports: [{ keyword: 'required', targets: ['self'] }] } });
});
