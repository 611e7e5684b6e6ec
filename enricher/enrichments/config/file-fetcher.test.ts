import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../../../common/logger';
import { FileFetcher } from './file-fetcher';
import { resolveFileSource } from './file-source';

interface Served {
  body: Buffer | string;
  status?: number;
  etag?: string;
}

/** A loopback HTTP server serving `files` by path, honouring If-None-Match, and counting requests. */
async function startFileServer(files: Map<string, Served>) {
  const requests: Array<{ url: string; ifNoneMatch?: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    if (file.etag && req.headers['if-none-match'] === file.etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(file.status ?? 200, file.etag ? { etag: file.etag } : {}).end(file.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sleet-fetcher-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const fetcher = (extra: Partial<ConstructorParameters<typeof FileFetcher>[0]> = {}) =>
  new FileFetcher({ cacheDir: join(work, 'cache'), log: silentLogger(), ...extra });

describe('resolveFileSource', () => {
  it('joins uri and database like Snowplow (uri is a directory)', () => {
    expect(resolveFileSource('http://h/dir/', 'a.mmdb')).toMatchObject({ kind: 'http', url: 'http://h/dir/a.mmdb' });
    expect(resolveFileSource('https://h/dir', 'a.mmdb')).toMatchObject({ kind: 'http', url: 'https://h/dir/a.mmdb' });
    expect(resolveFileSource('s3://bucket/third-party/maxmind', 'a.mmdb')).toMatchObject({ kind: 's3', bucket: 'bucket', key: 'third-party/maxmind/a.mmdb' });
    expect(resolveFileSource('s3://bucket', 'a.mmdb')).toMatchObject({ kind: 's3', bucket: 'bucket', key: 'a.mmdb' });
    expect(resolveFileSource('file:///data/geo', 'a.mmdb')).toMatchObject({ kind: 'local', path: '/data/geo/a.mmdb' });
    expect(resolveFileSource('/data/geo', 'a.mmdb')).toMatchObject({ kind: 'local', path: '/data/geo/a.mmdb' });
    expect(resolveFileSource('geo', 'a.mmdb', '/srv')).toMatchObject({ kind: 'local', path: '/srv/geo/a.mmdb' });
  });

  it('refuses schemes it cannot fetch', () => {
    expect(() => resolveFileSource('gs://bucket/dir', 'a.mmdb')).toThrow(/unsupported URI scheme 'gs:'/);
    expect(() => resolveFileSource('ftp://h/dir', 'a.mmdb')).toThrow(/unsupported URI scheme/);
    expect(() => resolveFileSource('file://remote-host/dir', 'a.mmdb')).toThrow(/cannot parse file URI/);
  });
});

describe('FileFetcher', () => {
  it('reads local paths and file:// URIs in place', async () => {
    writeFileSync(join(work, 'list.txt'), 'x');
    const f = fetcher();
    expect(await f.fetch(work, 'list.txt')).toBe(join(work, 'list.txt'));
    expect(await f.fetch(pathToFileURL(work).toString(), 'list.txt')).toBe(join(work, 'list.txt'));
  });

  it('fails clearly on a missing local file or a directory', async () => {
    await expect(fetcher().fetch(work, 'absent.txt')).rejects.toThrow(`file not found: ${join(work, 'absent.txt')}`);
    await expect(fetcher().fetch(tmpdir(), work.slice(tmpdir().length + 1))).rejects.toThrow(/not a regular file/);
  });

  it('downloads http files into the cache dir and reuses the cache with a conditional request', async () => {
    const server = await startFileServer(new Map([['/dir/a.txt', { body: 'version 1', etag: '"v1"' }]]));
    try {
      const path = await fetcher().fetch(`${server.base}/dir`, 'a.txt');
      expect(path.startsWith(join(work, 'cache'))).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('version 1');
      // A new process (new fetcher) revalidates instead of downloading again.
      const again = await fetcher().fetch(`${server.base}/dir/`, 'a.txt');
      expect(again).toBe(path);
      expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"v1"']);
      expect(readdirSync(join(work, 'cache')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('downloads again when the cached copy was damaged on disk', async () => {
    const server = await startFileServer(new Map([['/a.txt', { body: 'good', etag: '"v1"' }]]));
    try {
      const path = await fetcher().fetch(server.base, 'a.txt');
      writeFileSync(path, 'damaged');
      await fetcher().fetch(server.base, 'a.txt');
      expect(readFileSync(path, 'utf8')).toBe('good');
      expect(server.requests[1].ifNoneMatch).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('fails with the HTTP status when the file is missing or the server errs', async () => {
    const server = await startFileServer(new Map([['/boom.txt', { body: 'x', status: 500 }]]));
    try {
      await expect(fetcher().fetch(server.base, 'absent.txt')).rejects.toThrow(/HTTP 404 Not Found/);
      await expect(fetcher().fetch(server.base, 'boom.txt')).rejects.toThrow(/HTTP 500/);
    } finally {
      await server.close();
    }
  });

  it('fails when nothing listens', async () => {
    const server = await startFileServer(new Map());
    await server.close();
    await expect(fetcher().fetch(server.base, 'a.txt')).rejects.toThrow();
  });

  it('refuses a file larger than maxBytes and leaves no partial file', async () => {
    const server = await startFileServer(new Map([['/big.bin', { body: Buffer.alloc(10_000) }]]));
    try {
      await expect(fetcher({ maxBytes: 1000 }).fetch(server.base, 'big.bin')).rejects.toThrow(/larger than the 1000 bytes allowed/);
      expect(readdirSync(join(work, 'cache'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('times out a server that never answers', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      await expect(fetcher({ timeoutMs: 200 }).fetch(base, 'a.txt')).rejects.toThrow(/timeout|aborted/i);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });

  it('announces a changed remote file to its watchers and ignores an unchanged one', async () => {
    const files = new Map<string, Served>([['/a.txt', { body: 'one', etag: '"1"' }]]);
    const server = await startFileServer(files);
    const f = fetcher();
    try {
      const path = await f.fetch(server.base, 'a.txt');
      const seen: string[] = [];
      f.watch(server.base, 'a.txt', (p) => seen.push(readFileSync(p, 'utf8')));
      await f.refreshNow();
      expect(seen).toEqual([]);
      files.set('/a.txt', { body: 'two', etag: '"2"' });
      await f.refreshNow();
      expect(seen).toEqual(['two']);
      expect(readFileSync(path, 'utf8')).toBe('two');
      // A failed refresh keeps the old file and does not call the watcher.
      files.delete('/a.txt');
      await f.refreshNow();
      expect(seen).toEqual(['two']);
      expect(readFileSync(path, 'utf8')).toBe('two');
    } finally {
      f.close();
      await server.close();
    }
  });

  it('announces a changed local file', async () => {
    const file = join(work, 'rules.yaml');
    writeFileSync(file, 'a');
    const f = fetcher();
    await f.fetch(work, 'rules.yaml');
    const seen: string[] = [];
    f.watch(work, 'rules.yaml', (p) => seen.push(p));
    await f.refreshNow();
    expect(seen).toEqual([]);
    writeFileSync(file, 'bb');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await f.refreshNow();
    expect(seen).toEqual([file]);
  });

  it('refreshes on its own timer', async () => {
    const files = new Map<string, Served>([['/a.txt', { body: 'one' }]]);
    const server = await startFileServer(files);
    const f = fetcher({ refreshIntervalSecs: 0.05 });
    try {
      await f.fetch(server.base, 'a.txt');
      const changed = new Promise<string>((resolve) => f.watch(server.base, 'a.txt', (p) => resolve(readFileSync(p, 'utf8'))));
      files.set('/a.txt', { body: 'two' });
      await expect(changed).resolves.toBe('two');
    } finally {
      f.close();
      await server.close();
    }
  });
});
