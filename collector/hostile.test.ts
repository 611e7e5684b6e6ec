/**
 * Hostile and malformed input: oversized bodies and query strings, invalid UTF-8, CR/LF and `;` in cookies and
 * nuid, garbage paths, slow clients, and thousands of generated requests. The collector never crashes, never
 * answers 5xx (its sink is healthy here), never lets request text into a response header.
 */
import { connect, Socket } from 'node:net';
import { parseResponse, rawRequest, RawResponse, requestText, startTestCollector, TestCollector } from './test/harness';

jest.setTimeout(120_000);

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';

/** Every header name the collector (or Node) may send. Anything else would be an injection. */
const KNOWN_HEADERS = new Set([
  'set-cookie',
  'cache-control',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-max-age',
  'location',
  'content-type',
  'retry-after',
  'date',
  'content-length',
  'connection',
  'keep-alive',
]);
const SET_COOKIE = /^sp=([0-9a-fA-F-]{36})?; Expires=[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT; Path=\/; SameSite=None; Secure; HttpOnly$/;
const ALLOW_ORIGIN = /^(\*|[A-Za-z][A-Za-z0-9+.-]*:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?)$/;

function expectSafe(r: RawResponse, context: string): void {
  for (const [name, value] of r.headers) {
    expect([context, name, KNOWN_HEADERS.has(name.toLowerCase())]).toEqual([context, name, true]);
    expect([context, name, /^[\x20-\x7e]*$/.test(value)]).toEqual([context, name, true]);
  }
  for (const c of r.all('Set-Cookie')) expect([context, c]).toEqual([context, expect.stringMatching(SET_COOKIE)]);
  const acao = r.header('Access-Control-Allow-Origin');
  if (acao !== undefined) expect([context, acao]).toEqual([context, expect.stringMatching(ALLOW_ORIGIN)]);
  const location = r.header('Location');
  if (location !== undefined) expect([context, new URL(location).hostname]).toEqual([context, 'allowed.example']);
}

/** Sends bytes in pieces with pauses; resolves with whatever came back when the server closes or `maxMs` passes. */
function slowSend(port: number, pieces: Buffer[], pauseMs: number, maxMs: number): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    let i = 0;
    const timer = setInterval(() => {
      if (i < pieces.length && !socket.destroyed) socket.write(pieces[i++]);
    }, pauseMs);
    const deadline = setTimeout(() => finish(), maxMs);
    let done = false;
    function finish(): void {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), closed });
    }
  });
}

describe('hostile input', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector({
      enableDefaultRedirect: true,
      redirectDomains: ['allowed.example'],
      networking: { headersTimeoutSecs: 1, requestTimeoutSecs: 2, dropPayloadBytes: 100_000, maxPayloadBytes: 60_000 },
      sink: { type: 'file', maxRecordBytes: 50_000 },
    });
  });
  afterAll(() => c.close());
  afterEach(() => {
    c.takePayloads();
    c.takeBadRows();
  });

  it('refuses oversized bodies (declared or streamed) with 413 without reading them, and keeps serving', async () => {
    const declared = await rawRequest(c.port, requestText('POST', '/com.acme/v1', { 'Content-Length': String(10 * 1024 ** 3) }));
    expect([declared.status, declared.header('Connection')]).toEqual([413, 'close']);
    // 20 MB streamed in chunks: refused as soon as it passes the limit.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pieces = [requestText('POST', '/com.acme/v1', { 'Transfer-Encoding': 'chunked' }), ...Array.from({ length: 320 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))];
    const streamed = await slowSend(c.port, pieces, 1, 10_000);
    expect(parseResponse(streamed.data).status).toBe(413);
    expect(streamed.closed).toBe(true);
    expect(c.collector.budget.usedBytes).toBe(0);
    expect((await rawRequest(c.port, requestText('GET', '/health'))).status).toBe(200);
  });

  it('refuses oversized request lines and header sections with 400 and closes', async () => {
    for (const target of [`/i?q=${'a'.repeat(21_000)}`, `/i?q=${'a'.repeat(200_000)}`]) {
      const r = await rawRequest(c.port, requestText('GET', target));
      expect([r.status, r.header('Connection')]).toEqual([400, 'close']);
    }
    const manyHeaders = Array.from({ length: 200 }, (_, i): [string, string] => [`X-H${i}`, 'v'.repeat(400)]);
    expect((await rawRequest(c.port, requestText('GET', '/i', manyHeaders))).status).toBe(400);
    expect(c.takePayloads()).toEqual([]);
  });

  it('stores invalid UTF-8 as replacement characters, keeps odd header bytes, and answers 200', async () => {
    const body = Buffer.concat([Buffer.from('{"schema":"s","data":[{"e":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}]}')]);
    const headers = Buffer.concat([Buffer.from('POST /com.acme/v1 HTTP/1.1\r\nHost: x\r\nUser-Agent: bot '), Buffer.from([0xff, 0xc3, 0xa9]), Buffer.from(`\r\nContent-Length: ${body.length}\r\n\r\n`)]);
    const r = await rawRequest(c.port, Buffer.concat([headers, body]));
    expect(r.status).toBe(200);
    const [p] = c.takePayloads();
    expect(p.body).toBe(`{"schema":"s","data":[{"e":"\ufffd(\ufffd\ufffd\ufffd\ufffd\ufffd"}]}`);
    expect(p.userAgent).toBe('bot \u00ff\u00c3\u00a9');
  });

  it('keeps CR/LF and ; in cookies and nuid out of responses', async () => {
    const cases: Array<[string, Array<[string, string]>]> = [
      [`/i?nuid=${encodeURIComponent(`${NUID}\r\nSet-Cookie: admin=1`)}`, []],
      [`/i?nuid=${encodeURIComponent(`${NUID}; Domain=evil.example`)}`, []],
      [`/i?nuid=${encodeURIComponent(NUID)}%0a`, []],
      ['/i', [['Cookie', `sp=${NUID}; Domain=evil.example; admin=1`]]],
      ['/i', [['Cookie', 'sp=a;b;c; sp=d']]],
      ['/i', [['Cookie', `sp="${NUID}"`]]],
      ['/i', [['Cookie', ';;;===;;sp']]],
      ['/i', [['Origin', 'https://a.example\tevil']]],
      ['/i', [['Origin', 'https://a.example; x=1']]],
    ];
    for (const [target, headers] of cases) {
      const r = await rawRequest(c.port, requestText('GET', target, headers));
      expect([target, r.status]).toEqual([target, 200]);
      expectSafe(r, `${target} ${JSON.stringify(headers)}`);
    }
    // A raw CR or LF inside a header value never reaches the collector: the HTTP parser refuses the request.
    for (const raw of [`GET /i HTTP/1.1\r\nHost: x\r\nCookie: sp=${NUID}\rSet-Cookie: a=1\r\n\r\n`, `GET /i HTTP/1.1\r\nHost: x\r\nCookie: sp=1\n X-Injected: 1\r\n\r\n`]) {
      const r = await rawRequest(c.port, raw);
      expect(r.status).toBe(400);
      expectSafe(r, raw);
    }
  });

  it('answers garbage paths and request lines without crashing', async () => {
    const lines = ['GET /../../etc/passwd', 'GET //i', 'GET /%00/%00', 'GET /a/%2e%2e', 'GET /\u00e9\u00e9/x', 'BREW /coffee', 'GET i', 'GET *', 'OPTIONS *', 'GET /r/', 'GET /r/%0d%0a'];
    for (const line of lines) {
      const r = await rawRequest(c.port, Buffer.from(`${line} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'));
      expect([line, [200, 400, 404].includes(r.status)]).toEqual([line, true]);
      expectSafe(r, line);
    }
    for (const raw of ['\x00\x01\x02\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET\r\n\r\n', 'POST /a/b HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'POST /a/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n']) {
      const r = await rawRequest(c.port, Buffer.from(raw, 'latin1'));
      expect([JSON.stringify(raw), r.status]).toEqual([JSON.stringify(raw), 400]);
    }
    expect((await rawRequest(c.port, requestText('GET', '/health'))).status).toBe(200);
  });

  it('drops slow clients (headers or body too slow) with 408 while serving others', async () => {
    const headerBytes = [...requestText('GET', '/i?e=pv')].map((b) => Buffer.from([b]));
    const slowHeaders = slowSend(c.port, headerBytes, 200, 8000);
    const slowBody = slowSend(c.port, [requestText('POST', '/com.acme/v1', { 'Content-Length': '100' }), Buffer.from('only ten b')], 10, 8000);
    const meanwhile = await rawRequest(c.port, requestText('GET', '/i?e=pv'));
    expect(meanwhile.status).toBe(200);
    const [h, b] = await Promise.all([slowHeaders, slowBody]);
    expect(h.closed).toBe(true);
    expect(b.closed).toBe(true);
    expect(parseResponse(h.data).status).toBe(408);
    expect(parseResponse(b.data).status).toBe(408);
    // The server side of the dropped connection releases the body bytes it held.
    for (let i = 0; i < 100 && c.collector.budget.usedBytes !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(c.collector.budget.usedBytes).toBe(0);
  });

  it('survives thousands of generated requests: no crash, no 5xx, no header injection', async () => {
    let seed = 1234567;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rand(256)));
    const printable = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0x20 + rand(95))).join('');
    const paths = ['/i', '/ice.png', '/com.snowplowanalytics.snowplow/tp2', '/com.snowplowanalytics.iglu/v1', '/r/tp2', '/health', '/sink-health', '/robots.txt', '/', '/a/b/c', '/x', '/com.acme/v1'];
    const methods = ['GET', 'GET', 'POST', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH'];
    const queryParts = (): string =>
      Array.from({ length: rand(6) }, () => {
        const key = pick(['e', 'nuid', 'u', 'tnuid', 'n3pc', 'cx', printable(3)]);
        const value = pick([
          encodeURIComponent(printable(rand(40))),
          encodeURIComponent(bytes(rand(20)).toString('latin1')),
          encodeURIComponent(`https://${pick(['allowed.example', 'evil.example', 'allowed.example@evil.example'])}/${printable(5)}`),
          NUID,
          '%0d%0aSet-Cookie:%20x=1',
          printable(rand(10)).replace(/[^A-Za-z0-9]/g, ''),
        ]);
        return `${encodeURIComponent(key)}=${value}`;
      }).join('&');
    const headerValue = (): string => pick([printable(rand(60)), `sp=${NUID}; ${printable(10)}`, `${printable(5)};${printable(5)}`, 'https://a.example', 'null', `${rand(256)}.${rand(256)}.0.1, ${printable(4)}`, '*']);
    const statuses = new Map<number, number>();
    const one = async (): Promise<void> => {
      const method = pick(methods);
      let target = pick(paths);
      if (rand(3) > 0) target += `?${queryParts()}`;
      if (rand(20) === 0) target += pick(['|', '{', '"', '%zz', '#x']);
      const headers: Array<[string, string]> = [['Host', pick(['c.example', 'c.example:8080', '[::1]:80', printable(8).replace(/[^a-z]/g, 'a')])]];
      for (let i = rand(6); i > 0; i--) {
        headers.push([pick(['Origin', 'Cookie', 'SP-Anonymous', 'X-Forwarded-For', 'User-Agent', 'Referer', 'Content-Type', `X-${printable(4).replace(/[^A-Za-z]/g, 'q')}`]), headerValue()]);
      }
      const body = method === 'POST' || method === 'PUT' ? pick([bytes(rand(300)), Buffer.from(JSON.stringify({ schema: 's', data: [{ e: printable(20) }] })), Buffer.alloc(rand(3) === 0 ? 70_000 : 10, 0x7b)]) : undefined;
      const r = await rawRequest(c.port, requestText(method, target, headers, body), { head: method === 'HEAD' });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect([method, target, r.status < 500]).toEqual([method, target, true]);
      expectSafe(r, `${method} ${target}`);
    };
    const N = 3000;
    let started = 0;
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (started < N) {
          started++;
          await one();
        }
      }),
    );
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
    expect(statuses.get(200)).toBeGreaterThan(500);
    expect((await rawRequest(c.port, requestText('GET', '/health'))).status).toBe(200);
    expect(c.collector.budget.usedBytes).toBe(0);
  });
});

describe('a broken sink (a bug, not bad input)', () => {
  it('answers 500 (throwing write) or 503 (rejecting write) and keeps serving', async () => {
    const { MemorySink } = await import('./sinks/memory-sink');
    const { SinkHealth } = await import('./sinks/sink');
    let mode: 'throw' | 'reject' = 'throw';
    const broken = {
      name: 'good',
      health: new SinkHealth(true),
      write: (): Promise<void> => {
        if (mode === 'throw') throw new Error('sink bug');
        return Promise.reject(new Error('sink bug'));
      },
      start: async () => undefined,
      stop: async () => undefined,
      pendingRecords: () => 0,
    };
    const c = await startTestCollector({}, { sinks: { good: broken, bad: new MemorySink({ name: 'bad' }) } });
    try {
      expect((await rawRequest(c.port, requestText('GET', '/i'))).status).toBe(500);
      expect((await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, '{}'))).status).toBe(500);
      mode = 'reject';
      const r = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, '{}'));
      expect([r.status, r.header('Retry-After')]).toEqual([503, '5']);
      expect((await rawRequest(c.port, requestText('GET', '/health'))).status).toBe(200);
      expect(c.collector.budget.usedBytes).toBe(0);
    } finally {
      await c.close();
    }
  });
});
