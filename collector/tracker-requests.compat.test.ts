/**
 * Compatibility tier (needs ../shared): the recorded requests of the real browser tracker (headless Chromium) and
 * node tracker, replayed against the collector. CORS must let the browser read every answer (exact Origin echo
 * with credentials, preflight allowing the requested headers), the cookie must be one a browser keeps
 * (SameSite=None; Secure), and the stored payloads must carry what the trackers sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawRequest, requestText, startTestCollector, TestCollector } from './test/harness';

const FIXTURES = join(__dirname, '..', '..', 'shared', 'fixtures', 'tracker-requests');

interface BrowserRequest {
  method: string;
  path: string;
  origin?: string;
  referer?: string;
  cookie?: string;
  contentType?: string;
  secFetch?: string;
  ua: string;
  acrm?: string;
  acrh?: string;
  body: string;
}
interface NodeRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const browser = JSON.parse(readFileSync(join(FIXTURES, 'browser-tracker-4.10.1-chromium-156.json'), 'utf8')) as { scenarios: Record<string, { requests: BrowserRequest[] }> };
const node = JSON.parse(readFileSync(join(FIXTURES, 'node-tracker-4.8.0.json'), 'utf8')) as { requests: NodeRequest[] };

function browserHeaders(r: BrowserRequest): Array<[string, string]> {
  const h: Array<[string, string]> = [['Host', 'localhost:9999'], ['User-Agent', r.ua]];
  if (r.origin !== undefined) h.push(['Origin', r.origin]);
  if (r.referer !== undefined) h.push(['Referer', r.referer]);
  if (r.acrm !== undefined) h.push(['Access-Control-Request-Method', r.acrm]);
  if (r.acrh !== undefined) h.push(['Access-Control-Request-Headers', r.acrh]);
  if (r.contentType !== undefined) h.push(['Content-Type', r.contentType]);
  if (r.cookie !== undefined) h.push(['Cookie', r.cookie]);
  if (r.secFetch !== undefined) {
    const [site, mode] = r.secFetch.split('/');
    h.push(['Sec-Fetch-Site', site], ['Sec-Fetch-Mode', mode]);
  }
  return h;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  return header?.split(';').map((s) => s.trim()).find((s) => s.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe('recorded browser-tracker requests (@snowplow/browser-tracker 4.10.1, Chromium 156)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(() => c.close());

  it.each(Object.keys(browser.scenarios))('%s: every answer is readable by the page and every event is stored', async (name) => {
    const requests = browser.scenarios[name].requests;
    for (const r of requests) {
      const res = await rawRequest(c.port, requestText(r.method, r.path, browserHeaders(r), r.method === 'POST' ? r.body : undefined));
      expect([r.method, res.status]).toEqual([r.method, 200]);
      // CORS with credentials: the exact origin, never *, and credentials allowed.
      expect(res.header('Access-Control-Allow-Origin')).toBe(r.origin);
      expect(res.header('Access-Control-Allow-Credentials')).toBe('true');
      if (r.method === 'OPTIONS') {
        const allowed = res.header('Access-Control-Allow-Headers')!.toLowerCase().split(/,\s*/);
        for (const h of (r.acrh ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) expect(allowed).toContain(h);
        expect(allowed).toContain('sp-anonymous');
        expect(res.header('Access-Control-Max-Age')).toBe('3600');
        expect(res.body.length).toBe(0);
        continue;
      }
      // A cookie Chromium keeps cross-site: SameSite=None needs Secure.
      const setCookie = res.header('Set-Cookie')!;
      expect(setCookie).toMatch(/; SameSite=None; Secure; HttpOnly$/);
      const sent = cookieValue(r.cookie, 'sp');
      if (sent !== undefined) expect(cookieValue(setCookie, 'sp')).toBe(sent);
      const [p] = c.takePayloads();
      expect(p.userAgent).toBe(r.ua);
      expect(p.refererUri).toBe(r.referer);
      if (sent !== undefined) expect(p.networkUserId).toBe(sent);
      if (r.method === 'POST') {
        expect([p.path, p.body, p.contentType]).toEqual([r.path, r.body, 'application/json; charset=utf-8']);
      } else {
        expect(`${p.path}?${p.querystring}`).toBe(r.path);
        expect(res.header('Content-Type')).toBe('image/gif');
      }
      const storedCookie = p.headers?.find((h) => h.startsWith('Cookie: '));
      if (r.cookie === undefined) expect(storedCookie).toBeUndefined();
      else expect(storedCookie).toBe(`Cookie: ${r.cookie.replace(/ /g, '')}`);
    }
  });
});

describe('recorded node-tracker requests (@snowplow/node-tracker 4.8.0)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(() => c.close());

  it.each(node.requests.map((r) => [r.label, r] as const))('%s', async (_label, r) => {
    const headers = Object.entries(r.headers).filter(([n]) => n !== 'content-length');
    const res = await rawRequest(c.port, requestText(r.method, r.url, headers, r.method === 'POST' ? r.body : undefined));
    expect(res.status).toBe(200);
    expect(res.header('Access-Control-Allow-Origin')).toBe('*');
    const [p] = c.takePayloads();
    expect(p.userAgent).toBe('node');
    if (r.method === 'POST') {
      expect([p.path, p.body, p.contentType]).toEqual(['/com.snowplowanalytics.snowplow/tp2', r.body, 'application/json; charset=utf-8']);
    } else {
      expect(`${p.path}?${p.querystring}`).toBe(r.url);
    }
    expect(p.headers?.slice(0, headers.length)).toEqual(headers.map(([n, v]) => `${n}: ${v}`));
  });
});
