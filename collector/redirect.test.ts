/**
 * Click redirects and custom paths (spec/collector.md §1.5, §1.7): the event is always stored; the redirect goes
 * only to an allowed host; nothing a request sends can turn the collector into an open redirect or inject a header.
 */
import { buildCollectorConfig } from './config/load';
import { rawRequest, requestText, startTestCollector, TestCollector } from './test/harness';

const enc = encodeURIComponent;

describe('redirects', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ enableDefaultRedirect: true, redirectDomains: ['allowed.example', 'shop.example'] });
  });
  afterAll(() => c.close());
  afterEach(() => c.takePayloads());

  it('stores the event with path /r/tp2 and the full query, then answers 302 to an allowed host', async () => {
    const q = `e=se&se_ca=email&u=${enc('https://allowed.example/offer?id=1&x=é')}`;
    const r = await rawRequest(c.port, requestText('GET', `/r/tp2?${q}`, { Origin: 'https://mail.example' }));
    expect(r.status).toBe(302);
    expect(r.header('Location')).toBe('https://allowed.example/offer?id=1&x=%C3%A9');
    expect(r.headers.map(([n]) => n).slice(0, 5)).toEqual(['Set-Cookie', 'Cache-Control', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Location']);
    expect(r.header('Content-Type')).toBeUndefined();
    expect(r.body.length).toBe(0);
    const [p] = c.takePayloads();
    expect([p.path, p.querystring]).toEqual(['/r/tp2', q]);
  });

  it('redirects POST /r/tp2 as well, without Cache-Control', async () => {
    const r = await rawRequest(c.port, requestText('POST', `/r/tp2?u=${enc('http://shop.example/')}`, {}, ''));
    expect([r.status, r.header('Location'), r.header('Cache-Control')]).toEqual([302, 'http://shop.example/', undefined]);
  });

  it('answers 400 (event still stored) without u, with an unparseable u or a host that is not allowed', async () => {
    const refused = ['', 'u=', `u=${enc('https://evil.example/')}`, `u=${enc('not a url')}`, `u=${enc('https://sub.allowed.example/')}`, 'u=%E0%A4'];
    for (const q of refused) {
      const r = await rawRequest(c.port, requestText('GET', `/r/tp2?${q}`));
      expect([q, r.status, r.header('Location'), r.body.length]).toEqual([q, 400, undefined, 0]);
      expect(r.header('Set-Cookie')).toBeDefined();
    }
    expect(c.takePayloads()).toHaveLength(refused.length);
  });

  it('never redirects to another host, whatever the u value', async () => {
    const hostile = [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/',
      '/\\evil.example',
      'https://allowed.example@evil.example/',
      'https://user:pass@allowed.example/',
      'https://evil.example#@allowed.example',
      'https://evil.example?@allowed.example',
      'https://allowed.example.evil.example/',
      'https:\\\\evil.example',
      'https://evil.example\\@allowed.example',
      'ftp://allowed.example/',
      ' https://evil.example',
      'https://evil。example/',
      'https://xn--allowed-example/',
    ];
    for (const u of hostile) {
      const r = await rawRequest(c.port, requestText('GET', `/r/tp2?u=${enc(u)}`));
      const location = r.header('Location');
      if (location !== undefined) expect([u, new URL(location).hostname]).toEqual([u, 'allowed.example']);
      else expect([u, r.status]).toEqual([u, 400]);
    }
  });

  it('keeps CR/LF and other controls out of Location', async () => {
    for (const u of ['https://allowed.example/\r\nSet-Cookie: admin=1', 'https://allowed.example/a\tb\nc', 'https://allowed.example/\u0000x', 'https://allowed.example/%0d%0aX: y']) {
      const r = await rawRequest(c.port, requestText('GET', `/r/tp2?u=${enc(u)}`));
      expect(r.status).toBe(302);
      expect(r.header('Location')).toMatch(/^https:\/\/allowed\.example\/[\x21-\x7e]*$/);
      expect(r.all('Set-Cookie')).toHaveLength(1);
      expect(r.header('X')).toBeUndefined();
    }
  });

  it('matches the host case-insensitively and ignores the port', async () => {
    const r = await rawRequest(c.port, requestText('GET', `/r/tp2?u=${enc('HTTPS://ALLOWED.Example:8443/x')}`));
    expect([r.status, r.header('Location')]).toEqual([302, 'https://allowed.example:8443/x']);
  });

  it('is refused at start-up when redirects are enabled without an allowlist (no open redirect)', () => {
    expect(() => buildCollectorConfig({ sink: { type: 'file' }, enableDefaultRedirect: true })).toThrow(/redirectDomains: redirects are enabled/);
    expect(() => buildCollectorConfig({ sink: { type: 'file' }, paths: { '/com.acme/go': '/r/tp2' } })).toThrow(/redirectDomains/);
  });
});

describe('custom paths', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({
      paths: {
        '/com.acme/track': '/com.snowplowanalytics.snowplow/tp2',
        '/com.acme/redirect': '/r/tp2',
        '/com.acme/iglu': '/com.snowplowanalytics.iglu/v1',
      },
      redirectDomains: ['shop.example'],
    });
  });
  afterAll(() => c.close());

  it('stores the mapped path (POST and GET), and a path mapped to /r/tp2 redirects', async () => {
    expect((await rawRequest(c.port, requestText('POST', '/com.acme/track', {}, '{}'))).body.toString()).toBe('ok');
    expect((await rawRequest(c.port, requestText('POST', '/com.acme/iglu', {}, '{}'))).status).toBe(200);
    expect((await rawRequest(c.port, requestText('GET', '/com.acme/track?e=pv'))).header('Content-Type')).toBe('image/gif');
    const redirect = await rawRequest(c.port, requestText('POST', `/com.acme/redirect?u=${enc('https://shop.example/')}`, {}, ''));
    expect([redirect.status, redirect.header('Location')]).toEqual([302, 'https://shop.example/']);
    expect(c.takePayloads().map((p) => p.path)).toEqual(['/com.snowplowanalytics.snowplow/tp2', '/com.snowplowanalytics.iglu/v1', '/com.snowplowanalytics.snowplow/tp2', '/r/tp2']);
  });

  it('leaves unmapped paths alone and still refuses the literal /r/tp2 while default redirects are off', async () => {
    await rawRequest(c.port, requestText('POST', '/com.acme/other', {}, '{}'));
    expect(c.takePayloads().map((p) => p.path)).toEqual(['/com.acme/other']);
    const r = await rawRequest(c.port, requestText('GET', `/r/tp2?u=${enc('https://shop.example/')}`));
    expect([r.status, r.body.toString()]).toEqual([404, 'redirects disabled']);
  });
});
