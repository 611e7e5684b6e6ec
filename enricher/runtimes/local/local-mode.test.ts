/**
 * `sleet start` as a process (issue #5, "Local mode"): real @snowplow/node-tracker events in, read back through
 * Snowplow Micro's REST API (response shapes checked) and from the output directory, Ctrl-C flushing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildPageView, buildSelfDescribingEvent, buildStructEvent, newTracker } from '@snowplow/node-tracker';
import { ENRICHED_FIELD_COUNT, ENRICHED_FIELD_INDEX, ENRICHED_FIELD_NAMES } from '../../../common/enriched-fields';
import { splitLines } from '../test-support/pipeline-fixtures';
import { spawnSleet, type SleetProcess } from '../test-support/sleet-process';
import { writeTestResolver } from '../test-support/test-resolver';

jest.setTimeout(60_000);

const dirs: string[] = [];
const procs: SleetProcess[] = [];

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(args: string[]): Promise<{ proc: SleetProcess; url: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sleet-local-'));
  dirs.push(dir);
  const out = join(dir, 'out');
  const proc = spawnSleet(['start', '--port', '0', '--output', out, ...args], {}, { cwd: dir });
  procs.push(proc);
  const line = await proc.waitForLog((l) => typeof l.text === 'string' && l.text.includes('Point your tracker at'), 30_000);
  const url = /(http:\/\/\S+)/.exec(line.text as string)![1];
  return { proc, url, out };
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

type GoodEvent = { rawEvent: { api: unknown; parameters: Record<string, string>; context: unknown; source: unknown } | null; eventType: string; schema: string | null; contexts: string[]; event: Record<string, unknown> };
type BadEvent = { collectorPayload: { api: { vendor: string; version: string } } | null; rawEvent: unknown; errors: string[] };

it('collects node-tracker events, serves them like Snowplow Micro and writes them to the output directory', async () => {
  const { proc, url, out } = await start(['--resolver', writeTestResolver()]);
  const t = newTracker({ namespace: 'local', appId: 'local-test', encodeBase64: false }, { endpoint: url, eventMethod: 'post', bufferSize: 1 });
  const webPage = { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: '11111111-2222-4333-8444-555555555555' } };
  t.track(buildPageView({ pageUrl: 'http://shop.example/roses?utm_source=news&utm_medium=email', pageTitle: 'Roses' }), [webPage]);
  t.track(buildStructEvent({ category: 'basket', action: 'add', label: 'rose', value: 2 }));
  t.track(buildSelfDescribingEvent({ event: { schema: 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0', data: { campaignId: 'spring', email: 'ada@example.com' } } }));
  t.track(buildSelfDescribingEvent({ event: { schema: 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0', data: { campaignId: '' } } })); // invalid
  await t.flush();
  const g = newTracker({ namespace: 'get', appId: 'local-test', encodeBase64: true }, { endpoint: url, eventMethod: 'get', bufferSize: 1 });
  g.track(buildPageView({ pageUrl: 'http://shop.example/tulips' }));
  await g.flush();

  // /micro/all
  const all = await json(`${url}/micro/all`);
  expect(all).toMatchObject({ status: 200, body: { total: 5, good: 4, bad: 1 } });
  expect(all.headers.get('content-type')).toMatch(/^application\/json/);

  // /micro/good: GoodEvent shape, newest first
  const good = (await json(`${url}/micro/good`)).body as GoodEvent[];
  expect(good).toHaveLength(4);
  for (const e of good) {
    expect(Object.keys(e).sort()).toEqual(['contexts', 'event', 'eventType', 'rawEvent', 'schema']);
    expect(Object.keys(e.event)).toEqual([...ENRICHED_FIELD_NAMES]);
    expect(e.rawEvent).toMatchObject({ api: { vendor: 'com.snowplowanalytics.snowplow' }, source: { encoding: 'UTF-8' } });
    expect(e.rawEvent!.parameters.eid).toBe(e.event.event_id);
    expect(e.event.collector_tstamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  expect(good.map((e) => e.eventType)).toEqual(['page_view', 'unstruct', 'struct', 'page_view']);
  const [tulips, signup, struct, roses] = good;
  expect(tulips.rawEvent!.api).toEqual({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp1' });
  expect(roses).toMatchObject({
    schema: 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0',
    contexts: ['iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'],
    event: { app_id: 'local-test', page_title: 'Roses', mkt_source: 'news', mkt_medium: 'email', page_urlport: 80, unstruct_event: null },
  });
  expect(roses.event.contexts).toEqual({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1', data: [webPage] });
  expect(struct.event).toMatchObject({ se_category: 'basket', se_action: 'add', se_value: 2 });
  expect(signup).toMatchObject({ schema: 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0', contexts: [] });
  expect(signup.event.unstruct_event).toMatchObject({ data: { schema: 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0', data: { campaignId: 'spring' } } });

  // POST /micro/good filters
  expect(((await post(`${url}/micro/good`, { event_type: 'se' })).body as GoodEvent[]).map((e) => e.eventType)).toEqual(['struct']);
  expect(((await post(`${url}/micro/good`, { schema: 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0' })).body as GoodEvent[])).toHaveLength(1);
  expect(((await post(`${url}/micro/good`, { contexts: ['com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'] })).body as GoodEvent[])).toEqual([roses]);
  expect(((await post(`${url}/micro/good`, { event_type: 'pv', limit: 1 })).body as GoodEvent[])).toEqual([tulips]);
  expect(((await post(`${url}/micro/good`, {})).body as GoodEvent[])).toHaveLength(4);

  // /micro/bad: BadEvent shape
  const bad = (await json(`${url}/micro/bad`)).body as BadEvent[];
  expect(bad).toHaveLength(1);
  expect(Object.keys(bad[0]).sort()).toEqual(['collectorPayload', 'errors', 'rawEvent']);
  expect(bad[0].collectorPayload!.api).toEqual({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp2' });
  expect(bad[0].errors[0]).toBe('Error while validating the event');
  expect(JSON.parse(bad[0].errors[1])).toMatchObject({ schema: expect.stringMatching(/^iglu:com\.snowplowanalytics\.snowplow\.badrows\/schema_violations\//) });
  expect((await post(`${url}/micro/bad`, { vendor: 'com.snowplowanalytics.snowplow', version: 'tp2' })).body).toEqual(bad);
  expect((await post(`${url}/micro/bad`, { version: 'tp1' })).body).toEqual([]);

  // Ctrl-C writes the open batch; the directory holds the same events in the S3 layout.
  expect(await proc.kill('SIGINT')).toBe(0);
  const written = files(out);
  expect(written.every((f) => /^(good\/dt=\d{4}-\d\d-\d\d\/hr=\d\d\/local-run\d+-\d{20}\.tsv\.gz|bad\/dt=\d{4}-\d\d-\d\d\/hr=\d\d\/local-run\d+-\d{20}\.jsonl\.gz)$/.test(f))).toBe(true);
  const goodLines = written.filter((f) => f.startsWith('good/')).flatMap((f) => splitLines(gunzipSync(readFileSync(join(out, f))).toString('utf8')));
  expect(goodLines.every((l) => l.split('\t').length === ENRICHED_FIELD_COUNT)).toBe(true);
  expect(goodLines.map((l) => l.split('\t')[ENRICHED_FIELD_INDEX.event_id]).sort()).toEqual(good.map((e) => e.event.event_id as string).sort());
  const badLines = written.filter((f) => f.startsWith('bad/')).flatMap((f) => splitLines(gunzipSync(readFileSync(join(out, f))).toString('utf8')));
  expect(badLines).toEqual([bad[0].errors[1]]);
});

it('resets, answers malformed Micro requests with 400/404, and CORS preflights', async () => {
  const { proc, url } = await start(['--resolver', writeTestResolver()]);
  const t = newTracker({ namespace: 'r', appId: 'reset', encodeBase64: false }, { endpoint: url, eventMethod: 'get', bufferSize: 1 });
  t.track(buildStructEvent({ category: 'c', action: 'a' }));
  await t.flush();
  expect((await json(`${url}/micro/all`)).body).toEqual({ total: 1, good: 1, bad: 0 });
  expect((await json(`${url}/micro/reset`)).body).toEqual({ total: 0, good: 0, bad: 0 });
  expect((await json(`${url}/micro/good`)).body).toEqual([]);
  expect(await post(`${url}/micro/good`, '{not json')).toMatchObject({ status: 400 });
  expect(await post(`${url}/micro/good`, { limit: -1 })).toMatchObject({ status: 400 });
  expect(await post(`${url}/micro/good`, { contexts: 'x' })).toMatchObject({ status: 400 });
  expect(await post(`${url}/micro/bad`, '[1,2]')).toMatchObject({ status: 400 });
  expect(await post(`${url}/micro/good`, `{"schema":"${'x'.repeat(70_000)}"}`)).toMatchObject({ status: 400 });
  expect((await json(`${url}/micro/nothing`)).status).toBe(404);
  const pre = await fetch(`${url}/micro/all`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  expect((await fetch(`${url}/health`)).status).toBe(200); // the collector's own routes are still there
  expect(await proc.kill('SIGTERM')).toBe(0);
});

it('turns an event whose schema registry cannot be reached into a clear bad row, quickly', async () => {
  const closed = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
  const { proc, url } = await start(['--resolver', writeTestResolver(undefined, `http://127.0.0.1:${closed}`)]);
  const t = newTracker({ namespace: 'o', appId: 'offline', encodeBase64: false }, { endpoint: url, eventMethod: 'post', bufferSize: 1 });
  t.track(buildSelfDescribingEvent({ event: { schema: 'iglu:com.acme/not_mirrored/jsonschema/1-0-0', data: { a: 1 } } }));
  const started = Date.now();
  await t.flush();
  expect(Date.now() - started).toBeLessThan(10_000);
  const bad = (await json(`${url}/micro/bad`)).body as BadEvent[];
  expect(bad).toHaveLength(1);
  const row = JSON.parse(bad[0].errors[1]) as { schema: string; data: { failure: { errors: string[] } } };
  expect(row.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/generic_error/jsonschema/1-0-0');
  expect(row.data.failure.errors[0]).toMatch(/Iglu registries unavailable resolving iglu:com\.acme\/not_mirrored\/jsonschema\/1-0-0/);
  expect(await proc.kill('SIGINT')).toBe(0);
});
