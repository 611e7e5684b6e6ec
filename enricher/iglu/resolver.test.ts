import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IgluStaticServer, startIgluStaticServer } from '../../test/harness/iglu-static-server';
import { createIgluValidator, IgluValidatorOptions } from './create-iglu-validator';
import { IgluInfrastructureError } from './errors';
import { orderRepositories } from './resolver';
import type { Repository } from './repositories/repository';
import { fakeClock, igluSchema, resolverConfig, tempRepo, TempRepo } from './test/schema-fixtures';

const PATH = 'com.acme/event/jsonschema/1-0-0';
const URI = `iglu:${PATH}`;
const schema = igluSchema(PATH, { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false });

let repo: TempRepo;
let servers: IgluStaticServer[] = [];
const sleeps: number[] = [];
const fast: IgluValidatorOptions = {
  bundledSchemasDir: false,
  sleep: async (ms) => void sleeps.push(ms),
  http: { connectTimeoutMs: 500, requestTimeoutMs: 1000 },
};

async function serve(opts: Partial<Parameters<typeof startIgluStaticServer>[0]> = {}): Promise<IgluStaticServer> {
  const s = await startIgluStaticServer({ root: repo.root, ...opts });
  servers.push(s);
  return s;
}

beforeEach(() => {
  repo = tempRepo();
  repo.write(PATH, schema);
  sleeps.length = 0;
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  repo.remove();
});

describe('HTTP repositories', () => {
  test('a static registry: GET {uri}/schemas/<key>, one request for many validations', async () => {
    const s = await serve();
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    await expect(v.validate(URI, { n: 1 })).resolves.toEqual({ ok: true });
    await expect(v.validate(URI, { n: 'x' })).resolves.toMatchObject({ ok: false, error: { error: 'ValidationError' } });
    for (let i = 0; i < 100; i++) expect(v.validateCached(URI, { n: i })).toEqual({ ok: true });
    expect(s.requestsFor(PATH)).toHaveLength(1);
    expect(s.requests[0]?.headers.apikey).toBeUndefined();
  });

  test('a trailing slash in the uri is ignored', async () => {
    const s = await serve();
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: `${s.uri}/` }]), fast);
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
    expect(s.requests.map((r) => r.url)).toEqual([`/schemas/${PATH}`]);
  });

  test('misses are cached: a 404 is asked once within the TTL, again after it', async () => {
    const s = await serve();
    const clock = fakeClock();
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }], { cacheTtl: 10 }), { ...fast, now: clock.now });
    const missing = 'com.acme/none/jsonschema/1-0-0';
    const r = await v.validate(`iglu:${missing}`, {});
    expect(r).toEqual({
      ok: false,
      error: { error: 'ResolutionError', lookupHistory: [{ errors: [{ error: 'NotFound' }], attempts: 1, lastAttempt: '2026-01-02T03:04:05Z', repository: 'static' }] },
    });
    await v.validate(`iglu:${missing}`, {});
    expect(v.validateCached(`iglu:${missing}`, {})).toEqual(r);
    expect(s.requestsFor(missing)).toHaveLength(1);
    clock.advance(10_000);
    expect(v.validateCached(`iglu:${missing}`, {})).toBeUndefined();
    await v.validate(`iglu:${missing}`, {});
    expect(s.requestsFor(missing)).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  test('hits expire after the TTL and are fetched again; a changed schema is recompiled', async () => {
    const s = await serve();
    const clock = fakeClock();
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }], { cacheTtl: 600 }), { ...fast, now: clock.now });
    await expect(v.validate(URI, { n: 'x' })).resolves.toMatchObject({ ok: false });
    clock.advance(599_999);
    expect(v.validateCached(URI, { n: 1 })).toEqual({ ok: true });
    clock.advance(1);
    expect(v.validateCached(URI, { n: 1 })).toBeUndefined();
    s.override(PATH, JSON.stringify(igluSchema(PATH, { type: 'object', properties: { n: { type: 'string' } } })));
    await expect(v.validate(URI, { n: 'x' })).resolves.toEqual({ ok: true });
    expect(s.requestsFor(PATH)).toHaveLength(2);
  });

  test('a stale hit is kept when its refresh fails (registry outage protection)', async () => {
    const s = await serve();
    const clock = fakeClock();
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }], { cacheTtl: 60 }), { ...fast, now: clock.now });
    await v.validate(URI, {});
    clock.advance(61_000);
    s.failNext(10, { status: 503 });
    await expect(v.validate(URI, { n: 2 })).resolves.toEqual({ ok: true });
    s.override(PATH, null);
    clock.advance(61_000);
    await expect(v.validate(URI, { n: 2 })).resolves.toEqual({ ok: true });
  });

  test('Iglu Server: the apikey header is sent, and only to the configured repository', async () => {
    const server = await serve({ mode: 'iglu-server', apikey: 'k-123' });
    const other = await serve();
    const v = createIgluValidator(
      resolverConfig([
        { name: 'server', http: server.uri, apikey: 'k-123', priority: 0 },
        { name: 'static', http: other.uri, priority: 1 },
      ]),
      fast,
    );
    await expect(v.validate('iglu:com.acme/absent/jsonschema/1-0-0', {})).resolves.toMatchObject({ ok: false });
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
    expect(server.uri).toMatch(/\/api$/);
    expect(server.requests.map((r) => [r.url, r.headers.apikey])).toEqual([
      ['/api/schemas/com.acme/absent/jsonschema/1-0-0', 'k-123'],
      [`/api/schemas/${PATH}`, 'k-123'],
    ]);
    expect(other.requests.map((r) => r.headers.apikey)).toEqual([undefined]);
  });

  test('a wrong apikey is a ClientFailure (final, not retried, not an outage)', async () => {
    const server = await serve({ mode: 'iglu-server', apikey: 'right' });
    const v = createIgluValidator(resolverConfig([{ name: 'server', http: server.uri, apikey: 'wrong' }]), fast);
    const r = await v.validate(URI, {});
    expect(r).toMatchObject({
      ok: false,
      error: { error: 'ResolutionError', lookupHistory: [{ errors: [{ error: 'ClientFailure', message: expect.stringContaining('HTTP 401') }], attempts: 1 }] },
    });
    expect(sleeps).toEqual([]);
  });

  test('5xx answers are retried with exponential backoff, then succeed', async () => {
    const s = await serve();
    s.failNext(3, { status: 500 });
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    await expect(v.validate(URI, { n: 1 })).resolves.toEqual({ ok: true });
    expect(s.requestsFor(PATH)).toHaveLength(4);
    expect(sleeps).toEqual([100, 400, 1600]);
  });

  test('a registry that keeps failing rejects with IgluInfrastructureError, and nothing is cached', async () => {
    const s = await serve();
    s.failNext(4, { status: 502 });
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    const err = await v.validate(URI, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IgluInfrastructureError);
    expect((err as IgluInfrastructureError).lookupHistory).toEqual([
      { errors: [{ error: 'RepoFailure', message: expect.stringContaining('HTTP 502') }], attempts: 4, lastAttempt: expect.any(String), repository: 'static' },
    ]);
    expect(v.validateCached(URI, {})).toBeUndefined();
    // The registry is back: the next batch succeeds.
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
  });

  test('a repository that just failed gets a single attempt per lookup until it answers', async () => {
    const s = await serve();
    s.failNext(4, { reset: true });
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    await expect(v.validate(URI, {})).rejects.toBeInstanceOf(IgluInfrastructureError);
    s.failNext(1, { status: 500 });
    await expect(v.validate(URI, {})).rejects.toBeInstanceOf(IgluInfrastructureError);
    expect(s.requestsFor(PATH)).toHaveLength(5);
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
  });

  test('an unreachable registry rejects after the retries (connection refused)', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const v = createIgluValidator(resolverConfig([{ name: 'down', http: `http://127.0.0.1:${port}` }]), fast);
    const err = (await v.validate(URI, {}).catch((e: unknown) => e)) as IgluInfrastructureError;
    expect(err).toBeInstanceOf(IgluInfrastructureError);
    expect(err.code).toBe('SLEET_IGLU_REGISTRY_UNAVAILABLE');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.lookupHistory[0]?.attempts).toBe(4);
    await expect(v.lookupSchema(URI)).rejects.toBeInstanceOf(IgluInfrastructureError);
  });

  test('a registry that does not answer in time is a retryable failure', async () => {
    const s = await serve();
    s.failNext(1, { delayMs: 1500 });
    const v = createIgluValidator(resolverConfig([{ name: 'slow', http: s.uri }]), fast);
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([100]);
  });

  test('a schema found elsewhere wins over a failing repository; with none found it is an outage', async () => {
    const good = await serve();
    const bad = await serve();
    bad.failNext(100, { status: 500 });
    const v = createIgluValidator(
      resolverConfig([
        { name: 'bad', http: bad.uri, priority: 0 },
        { name: 'good', http: good.uri, priority: 1 },
      ]),
      { ...fast, retry: { maxAttempts: 2 } },
    );
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
    await expect(v.validate('iglu:com.acme/none/jsonschema/1-0-0', {})).rejects.toBeInstanceOf(IgluInfrastructureError);
  });

  test('malformed JSON over HTTP is retried, and if it persists becomes schemaIssues', async () => {
    const s = await serve();
    s.failNext(1, { body: '{"self": ' });
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    await expect(v.validate(URI, {})).resolves.toEqual({ ok: true });
    const other = 'com.acme/garbled/jsonschema/1-0-0';
    s.override(other, '<html>oops</html>');
    await expect(v.validate(`iglu:${other}`, {})).resolves.toMatchObject({
      ok: false,
      error: { error: 'ValidationError', schemaIssues: [{ path: '$', message: expect.stringContaining('not valid JSON') }] },
    });
    expect(s.requestsFor(other)).toHaveLength(4);
  });

  test('an oversized body is cut off and refused', async () => {
    const s = await serve();
    const big = 'com.acme/big/jsonschema/1-0-0';
    s.override(big, JSON.stringify(igluSchema(big, { description: 'x'.repeat(3 * 1024 * 1024) })));
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), { ...fast, maxSchemaBytes: 64 * 1024 });
    await expect(v.validate(`iglu:${big}`, {})).resolves.toMatchObject({
      ok: false,
      error: { schemaIssues: [{ message: 'schema document exceeds 65536 bytes' }] },
    });
  });

  test('concurrent validations of one new schema make a single request', async () => {
    const s = await serve();
    s.failNext(1, { delayMs: 50 });
    const v = createIgluValidator(resolverConfig([{ name: 'static', http: s.uri }]), fast);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => v.validate(URI, { n: i })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(s.requestsFor(PATH)).toHaveLength(1);
  });
});

describe('repository order', () => {
  test('priority, then embedded before HTTP, with vendor-prefix matches first', async () => {
    const a = await serve();
    const b = await serve();
    const local = tempRepo();
    try {
      const v = createIgluValidator(
        resolverConfig([
          { name: 'http-low', http: a.uri, priority: 5 },
          { name: 'http-high', http: b.uri, priority: 1 },
          { name: 'embedded', embedded: local.root, priority: 100 },
        ]),
        fast,
      );
      const r = await v.validate('iglu:com.acme/none/jsonschema/1-0-0', {});
      expect((r as { error: { lookupHistory: Array<{ repository: string }> } }).error.lookupHistory.map((h) => h.repository)).toEqual([
        'embedded',
        'http-high',
        'http-low',
      ]);
    } finally {
      local.remove();
    }
  });

  test('a repository whose vendor prefix matches is asked first; others are still asked', () => {
    const repo = (name: string, priority: number, classPriority: number, vendorPrefixes: string[]): Repository =>
      ({ name, priority, classPriority, vendorPrefixes, location: name, lookup: async () => ({ status: 'found', text: '{}' }) }) as Repository;
    const repos = [repo('central', 0, 100, ['com.snowplowanalytics']), repo('acme', 10, 100, ['com.acme']), repo('emb', 50, 2, [])];
    expect(orderRepositories(repos, 'com.acme.marketing').map((r) => r.name)).toEqual(['acme', 'emb', 'central']);
    expect(orderRepositories(repos, 'com.snowplowanalytics.snowplow').map((r) => r.name)).toEqual(['central', 'emb', 'acme']);
    expect(orderRepositories(repos, 'org.other').map((r) => r.name)).toEqual(['emb', 'central', 'acme']);
  });

  test('the first repository that has the schema wins', async () => {
    const a = await serve();
    const other = tempRepo();
    other.write(PATH, igluSchema(PATH, { type: 'string' }));
    const b = await startIgluStaticServer({ root: other.root });
    servers.push(b);
    try {
      const v = createIgluValidator(
        resolverConfig([
          { name: 'a', http: a.uri, priority: 2 },
          { name: 'b', http: b.uri, priority: 1, vendorPrefixes: ['com.acme'] },
        ]),
        fast,
      );
      await expect(v.validate(URI, 'text')).resolves.toEqual({ ok: true });
      expect(a.requests).toHaveLength(0);
    } finally {
      other.remove();
    }
  });
});
