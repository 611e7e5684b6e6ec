/**
 * Network user id, the sp cookie, SP-Anonymous, do-not-track and cookie bounce over real HTTP
 * (spec/collector.md §2), including the deliberate deviation: values that are not UUIDs are never echoed.
 */
import { ANONYMOUS_NETWORK_USER_ID } from './identity/network-user-id';
import { rawRequest, requestText, startTestCollector, TestCollector, UUID_RE } from './test/harness';

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';
const OTHER = '4a2f1c3e-0000-4000-8000-000000000001';
const DAY_MS = 86_400_000;

function expiresOf(cookie: string): number {
  const m = /Expires=([^;]+)/.exec(cookie);
  return m === null ? Number.NaN : Date.parse(m[1]);
}

async function withCollector(config: Record<string, unknown>, fn: (c: TestCollector) => Promise<void>): Promise<void> {
  const c = await startTestCollector(config);
  try {
    await fn(c);
  } finally {
    await c.close();
  }
}

describe('network cookie', () => {
  it('chooses the first configured domain matched by an Origin host, else the fallback domain', async () => {
    await withCollector({ cookie: { domains: ['foo.bar', 'sub.foo.bar'], fallbackDomain: 'fallback.domain' } }, async (c) => {
      const domainFor = async (headers: Record<string, string>): Promise<string | undefined> => {
        const r = await rawRequest(c.port, requestText('GET', '/i', headers));
        return /Domain=([^;]+)/.exec(r.header('Set-Cookie')!)?.[1];
      };
      expect(await domainFor({ Origin: 'http://sub.foo.bar' })).toBe('foo.bar');
      expect(await domainFor({ Origin: 'https://www.foo.bar:8443' })).toBe('foo.bar');
      expect(await domainFor({ Origin: 'http://other.domain' })).toBe('fallback.domain');
      expect(await domainFor({ Origin: 'http://notfoo.bar' })).toBe('fallback.domain');
      expect(await domainFor({ Origin: 'http://foo.bar.evil.example' })).toBe('fallback.domain');
      expect(await domainFor({ Origin: 'null' })).toBe('fallback.domain');
      expect(await domainFor({ Origin: 'http://a.example http://x.sub.foo.bar' })).toBe('foo.bar');
      expect(await domainFor({})).toBe('fallback.domain');
      // The Host header is not used.
      expect(await domainFor({ Host: 'foo.bar' })).toBe('fallback.domain');
    });
  });

  it('renders the attributes in http4s order; Secure is forced by SameSite=None', async () => {
    await withCollector({ cookie: { secure: false, httpOnly: false, sameSite: 'None', expirationSecs: 42 * 86_400, domains: ['shop.example'] } }, async (c) => {
      const before = Date.now();
      const r = await rawRequest(c.port, requestText('GET', '/i', { Origin: 'https://www.shop.example' }));
      const cookie = r.header('Set-Cookie')!;
      expect(cookie).toMatch(new RegExp(`^sp=[0-9a-f-]{36}; Expires=[^;]+ GMT; Domain=shop.example; Path=/; SameSite=None; Secure$`));
      expect(Math.abs(expiresOf(cookie) - (before + 42 * DAY_MS))).toBeLessThan(3000);
    });
    await withCollector({ cookie: { secure: false, sameSite: 'Strict', name: 'uid' } }, async (c) => {
      const r = await rawRequest(c.port, requestText('GET', '/i'));
      expect(r.header('Set-Cookie')).toMatch(/^uid=[0-9a-f-]{36}; Expires=[^;]+; Path=\/; SameSite=Strict; HttpOnly$/);
    });
  });

  it('refreshes an existing valid cookie on every tracking response, POST included', async () => {
    await withCollector({}, async (c) => {
      const get = await rawRequest(c.port, requestText('GET', '/i', { Cookie: `other=1; sp=${NUID}` }));
      expect(get.header('Set-Cookie')).toMatch(new RegExp(`^sp=${NUID}; Expires=`));
      const post = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { Cookie: `sp=${NUID}` }, '{}'));
      expect(post.header('Set-Cookie')).toMatch(new RegExp(`^sp=${NUID}; `));
      expect(c.takePayloads().map((p) => p.networkUserId)).toEqual([NUID, NUID]);
    });
  });

  it('takes the nuid query parameter before the cookie (cookie sync), on GET and POST', async () => {
    await withCollector({}, async (c) => {
      const r = await rawRequest(c.port, requestText('GET', `/i?e=pv&nuid=${OTHER}`, { Cookie: `sp=${NUID}` }));
      expect(r.header('Set-Cookie')).toMatch(new RegExp(`^sp=${OTHER}; `));
      await rawRequest(c.port, requestText('POST', `/com.snowplowanalytics.snowplow/tp2?nuid=${OTHER}`, {}, '{}'));
      expect(c.takePayloads().map((p) => p.networkUserId)).toEqual([OTHER, OTHER]);
    });
  });

  it('never echoes a nuid parameter or cookie value that is not a UUID (header injection, enrich rejection)', async () => {
    await withCollector({}, async (c) => {
      const hostile = ['test-nuid', 'x%0d%0aSet-Cookie:%20admin=1', 'a;%20Domain=evil.example', `${NUID}%0d%0aX:1`, `${NUID};x`, '%00', ''];
      for (const value of hostile) {
        const r = await rawRequest(c.port, requestText('GET', `/i?nuid=${value}`));
        expect(r.status).toBe(200);
        const cookies = r.all('Set-Cookie');
        expect(cookies).toHaveLength(1);
        expect(cookies[0]).toMatch(/^sp=[0-9a-f-]{36}; Expires=[^;]+; Path=\/; SameSite=None; Secure; HttpOnly$/);
        expect(r.header('X')).toBeUndefined();
      }
      for (const cookie of ['sp=test-nuid', 'sp="quoted"', 'sp=', `sp=${NUID}x`]) {
        const r = await rawRequest(c.port, requestText('GET', '/i', { Cookie: cookie }));
        expect(r.header('Set-Cookie')).toMatch(/^sp=[0-9a-f-]{36}; /);
        expect(r.header('Set-Cookie')!.slice(3, 39)).not.toBe(NUID);
      }
      for (const p of c.takePayloads()) expect(p.networkUserId).toMatch(UUID_RE);
    });
  });

  it('leaves tnuid to enrich: it changes neither the cookie nor the stored networkUserId', async () => {
    await withCollector({}, async (c) => {
      const r = await rawRequest(c.port, requestText('GET', `/i?e=pv&tnuid=${OTHER}`, { Cookie: `sp=${NUID}` }));
      expect(r.header('Set-Cookie')).toMatch(new RegExp(`^sp=${NUID}; `));
      const [p] = c.takePayloads();
      expect(p.networkUserId).toBe(NUID);
      expect(p.querystring).toBe(`e=pv&tnuid=${OTHER}`);
    });
  });

  it('sets the client cookie (same value, no HttpOnly) after the network cookie', async () => {
    await withCollector({ cookie: { clientCookieName: 'sp_client' } }, async (c) => {
      const r = await rawRequest(c.port, requestText('GET', '/i', { Cookie: `sp=${NUID}` }));
      expect(r.all('Set-Cookie')).toEqual([expect.stringMatching(new RegExp(`^sp=${NUID}; .*; HttpOnly$`)), expect.stringMatching(new RegExp(`^sp_client=${NUID}; .*; SameSite=None; Secure$`))]);
      expect(r.headers[0][0]).toBe('Set-Cookie');
      expect(r.headers[1][0]).toBe('Set-Cookie');
    });
  });

  it('sets no cookie at all when disabled, and still stores a fresh nuid per request', async () => {
    await withCollector({ cookie: { enabled: false } }, async (c) => {
      const a = await rawRequest(c.port, requestText('GET', '/i'));
      const b = await rawRequest(c.port, requestText('GET', '/i'));
      expect([a.header('Set-Cookie'), b.header('Set-Cookie')]).toEqual([undefined, undefined]);
      const [pa, pb] = c.takePayloads();
      expect(pa.networkUserId).toMatch(UUID_RE);
      expect(pb.networkUserId).not.toBe(pa.networkUserId);
    });
  });
});

describe('SP-Anonymous', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({ cookie: { clientCookieName: 'sp_client', domains: ['shop.example'] } });
  });
  afterAll(() => c.close());

  it('stores no IP, the all-zero nuid and no identifying headers, but keeps SP-Anonymous in the list', async () => {
    const headers: Array<[string, string]> = [
      ['Host', 'c.shop.example'],
      ['X-Forwarded-For', '203.0.113.9'],
      ['X-Real-Ip', '203.0.113.9'],
      ['Forwarded', 'for=203.0.113.9'],
      ['SP-Anonymous', '*'],
      ['Cookie', `sp=${NUID}`],
      ['User-Agent', 'Mozilla/5.0'],
    ];
    const r = await rawRequest(c.port, requestText('GET', `/i?e=pv&nuid=${OTHER}`, headers));
    expect(r.status).toBe(200);
    const [p] = c.takePayloads();
    expect(p.ipAddress).toBe('unknown');
    expect(p.networkUserId).toBe(ANONYMOUS_NETWORK_USER_ID);
    expect(p.userAgent).toBe('Mozilla/5.0');
    expect(p.headers).toEqual(['Host: c.shop.example', 'Forwarded: for=203.0.113.9', 'SP-Anonymous: *', 'User-Agent: Mozilla/5.0']);
  });

  it('clears a cookie the browser has (network and client cookie, expired by one lifetime) and sets none otherwise', async () => {
    const before = Date.now();
    const withCookie = await rawRequest(c.port, requestText('GET', '/i', { 'sp-anonymous': '*', Cookie: `sp=${NUID}`, Origin: 'https://www.shop.example' }));
    const [main, client] = withCookie.all('Set-Cookie');
    expect(main).toMatch(/^sp=; Expires=[^;]+; Domain=shop.example; Path=\/; SameSite=None; Secure; HttpOnly$/);
    expect(client).toMatch(/^sp_client=; Expires=[^;]+; Domain=shop.example; Path=\/; SameSite=None; Secure$/);
    expect(Math.abs(expiresOf(main) - (before - 365 * DAY_MS))).toBeLessThan(3000);
    const without = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { 'SP-Anonymous': '*' }, '{}'));
    expect(without.all('Set-Cookie')).toEqual([]);
    expect(c.takePayloads().map((p) => p.networkUserId)).toEqual([ANONYMOUS_NETWORK_USER_ID, ANONYMOUS_NETWORK_USER_ID]);
  });
});

describe('do-not-track cookie', () => {
  it('answers normally but stores nothing and sets no cookie when the cookie value fully matches', async () => {
    await withCollector({ doNotTrackCookie: { enabled: true, name: 'foo', value: 'bar' }, cookie: { clientCookieName: 'spc' } }, async (c) => {
      for (const cookie of ['foo=foo', 'bar=bar', 'foo=barbar']) {
        const r = await rawRequest(c.port, requestText('GET', '/i', { Cookie: cookie }));
        expect([cookie, r.status, r.all('Set-Cookie').length]).toEqual([cookie, 200, 2]);
      }
      expect(c.takePayloads()).toHaveLength(3);
      const dnt = await rawRequest(c.port, requestText('GET', '/i', { Cookie: 'a=1; foo=bar', Origin: 'https://x.example' }));
      expect([dnt.status, dnt.all('Set-Cookie'), dnt.header('Access-Control-Allow-Origin'), dnt.header('Content-Type')]).toEqual([200, [], 'https://x.example', 'image/gif']);
      const post = await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', { Cookie: 'foo=bar' }, '{}'));
      expect([post.status, post.body.toString()]).toEqual([200, 'ok']);
      expect(c.takePayloads()).toEqual([]);
    });
  });
});

describe('cookie bounce', () => {
  it('redirects a pixel request without any id once, then stores with the cookie or the fallback id', async () => {
    await withCollector({ cookieBounce: { enabled: true } }, async (c) => {
      const bounce = await rawRequest(c.port, requestText('GET', '/i?e=pv&u=http%3A%2F%2Fa.com&q=a+b'));
      expect(bounce.status).toBe(302);
      expect(bounce.header('Location')).toBe('/i?e=pv&u=http%3A//a.com&q=a%20b&n3pc=true');
      expect(bounce.header('Set-Cookie')).toMatch(/^sp=[0-9a-f-]{36}; /);
      expect(bounce.header('Cache-Control')).toBe('no-cache, no-store, must-revalidate');
      expect(c.takePayloads()).toEqual([]);

      const noCookie = await rawRequest(c.port, requestText('GET', '/i?e=pv&n3pc=true'));
      expect(noCookie.status).toBe(200);
      expect(noCookie.header('Set-Cookie')).toMatch(/^sp=00000000-0000-4000-A000-000000000000; /);
      const withCookie = await rawRequest(c.port, requestText('GET', '/i?e=pv&n3pc=true', { Cookie: `sp=${NUID}` }));
      expect(withCookie.status).toBe(200);
      expect(c.takePayloads().map((p) => [p.networkUserId, p.querystring])).toEqual([
        ['00000000-0000-4000-A000-000000000000', 'e=pv&n3pc=true'],
        [NUID, 'e=pv&n3pc=true'],
      ]);
      // POST never bounces; an absolute-form target gives a protocol-relative location.
      expect((await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', {}, '{}'))).status).toBe(200);
      const absolute = await rawRequest(c.port, requestText('GET', 'http://c.example/i?e=pv'));
      expect(absolute.header('Location')).toBe('//c.example/i?e=pv&n3pc=true');
    });
  });
});
