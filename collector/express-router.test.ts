/**
 * First-party mounting: the collector as an express Router under a prefix of a site's own app — same handler,
 * same bytes, paths it does not serve fall through to the host app.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { silentLogger } from '../common/logger';
import { decodeCollectorPayload } from '../common/thrift';
import { createCollector, CollectorRouter } from './express-router';
import { MemorySink } from './sinks/memory-sink';
import { PIXEL_BYTES, rawRequest, requestText } from './test/harness';

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';

describe('createCollector mounted under a prefix', () => {
  let server: Server;
  let port: number;
  let router: CollectorRouter;
  const good = new MemorySink({ name: 'good' });
  const bad = new MemorySink({ name: 'bad' });
  const stored: Buffer[] = [];

  beforeAll(async () => {
    const app = express();
    app.get('/', (_req, res) => {
      res.send('home page');
    });
    router = createCollector({ sink: { type: 'file' }, cookie: { domains: ['shop.example'] } }, { sinks: { good, bad }, log: silentLogger() });
    app.use('/t', router);
    app.use('/api', express.json(), (req, res) => {
      res.json({ echo: req.body as unknown });
    });
    app.use((_req, res) => {
      res.status(404).send('site 404');
    });
    good.consume((records) => {
      for (const r of records) stored.push(r.data);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await router.stop();
  });

  it('serves the pixel at /t/i with the standalone headers and stores the path without the prefix', async () => {
    const r = await rawRequest(port, requestText('GET', '/t/i?e=pv&aid=shop', { Origin: 'https://www.shop.example', Cookie: `sp=${NUID}` }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual(PIXEL_BYTES);
    expect(r.headers.map(([n]) => n).slice(0, 5)).toEqual(['Set-Cookie', 'Cache-Control', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Content-Type']);
    expect(r.header('Set-Cookie')).toMatch(new RegExp(`^sp=${NUID}; Expires=[^;]+; Domain=shop.example; Path=/; SameSite=None; Secure; HttpOnly$`));
    const p = decodeCollectorPayload(stored.shift()!);
    expect([p.path, p.querystring, p.networkUserId]).toEqual(['/i', 'e=pv&aid=shop', NUID]);
  });

  it('takes tp2 POSTs at /t/com.snowplowanalytics.snowplow/tp2 and answers preflights under the prefix', async () => {
    const pre = await rawRequest(port, requestText('OPTIONS', '/t/com.snowplowanalytics.snowplow/tp2', { Origin: 'https://www.shop.example' }));
    expect([pre.status, pre.header('Access-Control-Allow-Origin'), pre.header('Access-Control-Allow-Headers')]).toEqual([200, 'https://www.shop.example', 'Content-Type, SP-Anonymous']);
    const body = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv"}]}';
    const r = await rawRequest(port, requestText('POST', '/t/com.snowplowanalytics.snowplow/tp2', { 'Content-Type': 'application/json; charset=UTF-8' }, body));
    expect([r.status, r.body.toString(), r.header('Content-Type')]).toEqual([200, 'ok', 'text/plain']);
    const p = decodeCollectorPayload(stored.shift()!);
    expect([p.path, p.body, p.contentType]).toEqual(['/com.snowplowanalytics.snowplow/tp2', body, 'application/json; charset=utf-8']);
  });

  it('serves /t/health and leaves unknown paths, and everything outside the prefix, to the host app', async () => {
    expect((await rawRequest(port, requestText('GET', '/t/health'))).body.toString()).toBe('ok');
    const unknown = await rawRequest(port, requestText('GET', '/t/unknown'));
    expect([unknown.status, unknown.body.toString()]).toEqual([404, 'site 404']);
    expect((await rawRequest(port, requestText('GET', '/'))).body.toString()).toBe('home page');
    const outside = await rawRequest(port, requestText('GET', '/i'));
    expect([outside.status, outside.body.toString()]).toEqual([404, 'site 404']);
    const api = await rawRequest(port, requestText('POST', '/api/x', { 'Content-Type': 'application/json' }, '{"a":1}'));
    expect(api.body.toString()).toBe('{"echo":{"a":1}}');
    expect(stored).toEqual([]);
  });

  it('exposes its metrics registry and stop() for the host app', async () => {
    expect(await router.collector.registry.metrics()).toMatch(/sleet_collector_requests_total\{route="pixel",status="200"\} 1/);
    expect(typeof router.stop).toBe('function');
  });
});

describe('createCollector mounted after a body parser', () => {
  it('refuses loudly (500) instead of storing an empty or re-serialised body', async () => {
    const good = new MemorySink({ name: 'good' });
    const bad = new MemorySink({ name: 'bad' });
    const app = express();
    app.use(express.json());
    const router = createCollector({ sink: { type: 'file' } }, { sinks: { good, bad } });
    app.use(router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const r = await rawRequest((server.address() as AddressInfo).port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { 'Content-Type': 'application/json' }, '{"a":1}'));
      expect(r.status).toBe(500);
      expect(r.body.toString()).toMatch(/mounted after a body parser/);
      expect(good.pendingRecords()).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await router.stop();
    }
  });
});
