import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpGet } from './http-get';

const opts = { connectTimeoutMs: 1000, requestTimeoutMs: 2000, maxBodyBytes: 1000 };

async function server(handler: http.RequestListener): Promise<{ url: string; seen: http.IncomingMessage[]; close: () => Promise<void> }> {
  const seen: http.IncomingMessage[] = [];
  const s = http.createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  };
}

test('a chunked body over the limit is cut off', async () => {
  let written = 0;
  const s = await server((_req, res) => {
    res.writeHead(200);
    const timer = setInterval(() => {
      written += 500;
      if (!res.write('x'.repeat(500)) || written > 100_000) clearInterval(timer);
    }, 1);
    res.on('close', () => clearInterval(timer));
  });
  try {
    await expect(httpGet(`${s.url}/x`, opts)).resolves.toEqual({ kind: 'too-large', status: 200 });
    expect(written).toBeLessThan(100_000);
  } finally {
    await s.close();
  }
});

test('redirects are followed; the apikey goes only to the original origin', async () => {
  const target = await server((_req, res) => res.end('{"ok":1}'));
  const origin = await server((req, res) => {
    if (req.url === '/same') return void res.writeHead(302, { location: '/final' }).end();
    if (req.url === '/final') return void res.end('{"same":1}');
    res.writeHead(301, { location: `${target.url}/elsewhere` }).end();
  });
  try {
    const headers = { apikey: 'secret' };
    await expect(httpGet(`${origin.url}/same`, { ...opts, headers, originOnlyHeaders: ['apikey'] })).resolves.toEqual({ kind: 'response', status: 200, body: '{"same":1}' });
    expect(origin.seen.map((r) => r.headers.apikey)).toEqual(['secret', 'secret']);
    await expect(httpGet(`${origin.url}/away`, { ...opts, headers, originOnlyHeaders: ['apikey'] })).resolves.toEqual({ kind: 'response', status: 200, body: '{"ok":1}' });
    expect(target.seen.map((r) => r.headers.apikey)).toEqual([undefined]);
  } finally {
    await Promise.all([target.close(), origin.close()]);
  }
});

test('redirect loops and odd locations end as failures', async () => {
  const s = await server((req, res) => {
    if (req.url === '/ftp') return void res.writeHead(302, { location: 'ftp://x/y' }).end();
    res.writeHead(302, { location: '/loop' }).end();
  });
  try {
    await expect(httpGet(`${s.url}/loop`, opts)).resolves.toMatchObject({ kind: 'failure', message: expect.stringContaining('too many redirects') });
    await expect(httpGet(`${s.url}/ftp`, opts)).resolves.toMatchObject({ kind: 'failure', message: expect.stringContaining('unsupported protocol') });
  } finally {
    await s.close();
  }
});

test('a server that stalls mid-body times out', async () => {
  const s = await server((_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('{"partial":');
  });
  try {
    await expect(httpGet(`${s.url}/x`, { ...opts, requestTimeoutMs: 300 })).resolves.toMatchObject({ kind: 'failure', message: expect.stringContaining('timeout (300 ms)') });
  } finally {
    await s.close();
  }
});
