/**
 * Every route of spec/collector.md §1 over real HTTP: status, headers in order and exact bytes.
 */
import { requestText, rawRequest, startTestCollector, TestCollector, PIXEL_BYTES, UUID_RE } from './test/harness';

const ROBOTS = 'User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: AdsBot-Google\nDisallow: /';

describe('collector routes', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(() => c.close());
  afterEach(() => {
    c.takePayloads();
    c.takeBadRows();
  });

  it('GET /i answers the 43-byte GIF with the headers in Snowplow order', async () => {
    const r = await rawRequest(c.port, requestText('GET', '/i?e=pv&aid=shop', { Origin: 'https://www.shop.example' }));
    expect(r.statusLine).toBe('HTTP/1.1 200 OK');
    expect(r.headers.map(([n]) => n)).toEqual([
      'Set-Cookie',
      'Cache-Control',
      'Access-Control-Allow-Origin',
      'Access-Control-Allow-Credentials',
      'Content-Type',
      'Date',
      'Content-Length',
      'Connection',
      'Keep-Alive',
    ]);
    expect(r.header('Cache-Control')).toBe('no-cache, no-store, must-revalidate');
    expect(r.header('Access-Control-Allow-Origin')).toBe('https://www.shop.example');
    expect(r.header('Access-Control-Allow-Credentials')).toBe('true');
    expect(r.header('Content-Type')).toBe('image/gif');
    expect(r.header('Content-Length')).toBe('43');
    expect(r.header('Keep-Alive')).toBe('timeout=65');
    expect(r.header('Date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(r.body).toEqual(PIXEL_BYTES);
    expect(r.body.toString('base64')).toBe('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==');
    const cookie = r.header('Set-Cookie')!;
    expect(cookie).toMatch(/^sp=[0-9a-f-]{36}; Expires=[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT; Path=\/; SameSite=None; Secure; HttpOnly$/);
    const [p] = c.takePayloads();
    expect(p.path).toBe('/i');
    expect(p.querystring).toBe('e=pv&aid=shop');
    expect(p.body).toBeUndefined();
    expect(p.contentType).toBeUndefined();
    expect(cookie.slice(3, 39)).toBe(p.networkUserId);
    expect(p.networkUserId).toMatch(UUID_RE);
  });

  it('GET /ice.png and GET /{vendor}/{version} are pixels too; HEAD answers the headers only', async () => {
    for (const target of ['/ice.png?e=pv', '/com.snowplowanalytics.snowplow/tp2?e=pv', '/com.snowplowanalytics.iglu/v1?schema=iglu%3Acom.acme%2Fx%2Fjsonschema%2F1-0-0&a=1']) {
      const r = await rawRequest(c.port, requestText('GET', target));
      expect([r.status, r.header('Content-Type'), r.body]).toEqual([200, 'image/gif', PIXEL_BYTES]);
      const h = await rawRequest(c.port, requestText('HEAD', target), { head: true });
      expect([h.status, h.header('Content-Type'), h.header('Content-Length'), h.header('Cache-Control')]).toEqual([200, 'image/gif', '43', 'no-cache, no-store, must-revalidate']);
    }
    const paths = c.takePayloads().map((p) => p.path);
    expect(paths).toEqual(['/ice.png', '/ice.png', '/com.snowplowanalytics.snowplow/tp2', '/com.snowplowanalytics.snowplow/tp2', '/com.snowplowanalytics.iglu/v1', '/com.snowplowanalytics.iglu/v1']);
  });

  it('POST /{vendor}/{version} answers "ok" as text/plain without charset and without Cache-Control', async () => {
    const body = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","p":"web","tv":"js-4.10.1"}]}';
    const r = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { 'Content-Type': 'application/json; charset=UTF-8' }, body));
    expect(r.status).toBe(200);
    expect(r.headers.map(([n]) => n)).toEqual(['Set-Cookie', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Content-Type', 'Date', 'Content-Length', 'Connection', 'Keep-Alive']);
    expect(r.header('Access-Control-Allow-Origin')).toBe('*');
    expect(r.header('Content-Type')).toBe('text/plain');
    expect(r.body.toString()).toBe('ok');
    const [p] = c.takePayloads();
    expect([p.path, p.body, p.contentType]).toEqual(['/com.snowplowanalytics.snowplow/tp2', body, 'application/json; charset=utf-8']);
  });

  it('stores any two-segment webhook path, any body', async () => {
    const r = await rawRequest(c.port, requestText('POST', '/com.mailgun/v1', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'event=delivered&x=1'));
    expect(r.status).toBe(200);
    const [p] = c.takePayloads();
    expect([p.path, p.body, p.contentType]).toEqual(['/com.mailgun/v1', 'event=delivered&x=1', 'application/x-www-form-urlencoded']);
  });

  it('answers OPTIONS on any path with the preflight headers, and stores nothing', async () => {
    for (const path of ['/i', '/health', '/p3/p4', '/com.snowplowanalytics.snowplow/tp2', '/unknown/deep/path']) {
      const r = await rawRequest(c.port, requestText('OPTIONS', path, { Origin: 'http://localhost:3000', 'Access-Control-Request-Headers': 'content-type, sp-anonymous' }));
      expect(r.status).toBe(200);
      expect(r.headers.slice(0, 4)).toEqual([
        ['Access-Control-Allow-Origin', 'http://localhost:3000'],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Headers', 'Content-Type, SP-Anonymous'],
        ['Access-Control-Max-Age', '3600'],
      ]);
      expect(r.header('Content-Length')).toBe('0');
      expect(r.header('Access-Control-Allow-Methods')).toBeUndefined();
      expect(r.header('Vary')).toBeUndefined();
    }
    const star = await rawRequest(c.port, requestText('OPTIONS', '/i'));
    expect(star.header('Access-Control-Allow-Origin')).toBe('*');
    expect(c.takePayloads()).toEqual([]);
  });

  it('refuses /r/<x> with 404 "redirects disabled" for every method while redirects are off', async () => {
    for (const method of ['GET', 'POST', 'OPTIONS', 'HEAD']) {
      const r = await rawRequest(c.port, requestText(method, '/r/tp2?u=https%3A%2F%2Fexample.com', {}, method === 'POST' ? 'x' : undefined), { head: method === 'HEAD' });
      expect(r.status).toBe(404);
      if (method !== 'HEAD') expect(r.body.toString()).toBe('redirects disabled');
      expect(r.header('Content-Type')).toBe('text/plain; charset=UTF-8');
      expect(r.header('Access-Control-Allow-Origin')).toBeUndefined();
    }
    expect(c.takePayloads()).toEqual([]);
  });

  it('serves /health, /sink-health and /robots.txt without storing anything', async () => {
    const health = await rawRequest(c.port, requestText('GET', '/health'));
    expect([health.status, health.header('Content-Type'), health.body.toString()]).toEqual([200, 'text/plain; charset=UTF-8', 'ok']);
    expect(health.header('Access-Control-Allow-Origin')).toBeUndefined();
    const sink = await rawRequest(c.port, requestText('GET', '/sink-health'));
    expect([sink.status, sink.body.toString()]).toEqual([200, 'ok']);
    const robots = await rawRequest(c.port, requestText('GET', '/robots.txt'));
    expect([robots.status, robots.header('Content-Type'), robots.body.toString()]).toEqual([200, 'text/plain; charset=UTF-8', ROBOTS]);
    expect(c.takePayloads()).toEqual([]);
  });

  it('/sink-health answers 503 while a sink is unhealthy and 200 again after', async () => {
    c.bad.health.set(false);
    try {
      const r = await rawRequest(c.port, requestText('GET', '/sink-health'));
      expect([r.status, r.body.toString()]).toEqual([503, 'Service Unavailable']);
      expect((await rawRequest(c.port, requestText('GET', '/health'))).status).toBe(200);
    } finally {
      c.bad.health.set(true);
    }
    expect((await rawRequest(c.port, requestText('GET', '/sink-health'))).status).toBe(200);
  });

  it('answers 404 "Not found" for everything else, without CORS headers', async () => {
    const cases: Array<[string, string]> = [
      ['POST', '/i'],
      ['PUT', '/com.snowplowanalytics.snowplow/tp2'],
      ['DELETE', '/a/b'],
      ['GET', '/a/b/c'],
      ['GET', '/a/b/'],
      ['GET', '/'],
      ['GET', '/crossdomain.xml'],
      ['GET', '/metricsx'],
      ['POST', '/health'],
      ['GET', '/i/'],
    ];
    for (const [method, path] of cases) {
      const r = await rawRequest(c.port, requestText(method, path, {}, method === 'GET' ? undefined : ''));
      expect([method, path, r.status, r.body.toString(), r.header('Content-Type')]).toEqual([method, path, 404, 'Not found', 'text/plain; charset=UTF-8']);
      expect(r.header('Access-Control-Allow-Origin')).toBeUndefined();
    }
    expect(c.takePayloads()).toEqual([]);
  });

  it('refuses request-targets that are not RFC 3986 with an empty 400 and a closed connection', async () => {
    for (const target of ['/i?a=|b', '/i?a={}', '/i?a="x"', '/i?a=^', '/i?a=%zz', '/i?a=%4', '/i?q=a b', Buffer.from('/i?x=\u00e9', 'latin1').toString('latin1')]) {
      const r = await rawRequest(c.port, requestText('GET', target));
      expect([target, r.status, r.body.length]).toEqual([target, 400, 0]);
      expect(r.header('Connection')).toBe('close');
    }
    expect(c.takePayloads()).toEqual([]);
  });

  it('answers 413 to bodies above dropPayloadBytes without reading them, and 200 just below', async () => {
    const small = await startTestCollector({ networking: { dropPayloadBytes: 1000, maxPayloadBytes: 900 }, sink: { type: 'file', maxRecordBytes: 100_000 } });
    try {
      const declared = await rawRequest(small.port, requestText('POST', '/com.acme/v1', { 'Content-Length': '1001' }));
      expect([declared.status, declared.body.length, declared.header('Connection')]).toEqual([413, 0, 'close']);
      expect(declared.header('Access-Control-Allow-Origin')).toBeUndefined();
      const chunked = await rawRequest(
        small.port,
        Buffer.concat([requestText('POST', '/com.acme/v1', { 'Transfer-Encoding': 'chunked' }), Buffer.from(`3e9\r\n${'x'.repeat(1001)}\r\n0\r\n\r\n`)]),
      );
      expect([chunked.status, chunked.body.length]).toEqual([413, 0]);
      const ok = await rawRequest(small.port, requestText('POST', '/com.acme/v1', {}, 'x'.repeat(1000)));
      expect(ok.status).toBe(200);
      expect(small.takePayloads()).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});

describe('optional routes and HSTS', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({
      rootResponse: { enabled: true, statusCode: 302, headers: { Location: 'https://www.shop.example/' }, body: '' },
      crossDomain: { enabled: true, domains: ['*.shop.example', 'partner.example'], secure: false },
      hsts: { enabled: true, maxAgeSecs: 15_552_000 },
    });
  });
  afterAll(() => c.close());

  it('serves the configured root response', async () => {
    const r = await rawRequest(c.port, requestText('GET', '/'));
    expect([r.status, r.header('Location'), r.body.length]).toEqual([302, 'https://www.shop.example/', 0]);
  });

  it('serves /crossdomain.xml with one line per domain, no indentation, no trailing newline', async () => {
    const r = await rawRequest(c.port, requestText('GET', '/crossdomain.xml'));
    expect([r.status, r.header('Content-Type')]).toEqual([200, 'text/xml']);
    expect(r.body.toString()).toBe(
      '<?xml version="1.0"?>\n<cross-domain-policy>\n<allow-access-from domain="*.shop.example" secure="false" />\n<allow-access-from domain="partner.example" secure="false" />\n</cross-domain-policy>',
    );
  });

  it('adds Strict-Transport-Security to every response, before Date', async () => {
    for (const [method, path] of [['GET', '/i'], ['GET', '/health'], ['GET', '/nope'], ['OPTIONS', '/x'], ['POST', '/a/b']]) {
      const r = await rawRequest(c.port, requestText(method, path, {}, method === 'POST' ? '{}' : undefined));
      expect(r.header('Strict-Transport-Security')).toBe('max-age=15552000; includeSubDomains');
      const names = r.headers.map(([n]) => n);
      expect(names.indexOf('Strict-Transport-Security')).toBe(names.indexOf('Date') - 1);
    }
    c.takePayloads();
  });
});
