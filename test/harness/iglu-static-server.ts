/**
 * A local Iglu registry for tests, on 127.0.0.1 and an ephemeral port: serves a directory in the static layout
 * (`schemas/{vendor}/{name}/{format}/{version}`, spec/iglu-and-output.md §1.6) or as an Iglu Server (`/api` prefix,
 * `apikey` header, listing API, §1.7). Records every request and can inject faults.
 *
 *   const iglu = await startIgluStaticServer({ root: '../shared/iglu-central' });
 *   // resolver config: { "http": { "uri": iglu.uri } }
 *   await iglu.close();
 *
 * `root` is a directory holding `schemas/<vendor>/...` (an Iglu Central checkout, `sleet schemas mirror` output) or
 * the vendor directories themselves (this repository's `schemas/`). Several roots are searched in order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

export type IgluServerFault =
  | { readonly status: number; readonly body?: string }
  /** Answer 200 with this body (e.g. malformed JSON). */
  | { readonly body: string }
  /** Destroy the connection without answering. */
  | { readonly reset: true }
  /** Wait before handling the request normally. */
  | { readonly delayMs: number };

export interface IgluStaticServerOptions {
  readonly root: string | readonly string[];
  /** `static` (default): paths at the root. `iglu-server`: under `/api`, with the listing API. */
  readonly mode?: 'static' | 'iglu-server';
  /** Iglu Server mode: requests without this `apikey` header get 401. */
  readonly apikey?: string;
  /** Static mode: serve igluctl's list objects (`/schemas` and `/schemas/{vendor}/{name}/jsonschema/{model}`). */
  readonly lists?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface IgluStaticServer {
  /** The resolver `uri`: `http://127.0.0.1:<port>` (static) or `http://127.0.0.1:<port>/api` (Iglu Server). */
  readonly uri: string;
  readonly requests: RecordedRequest[];
  /** Requests whose path is `/schemas/<path>` (or `/api/schemas/<path>`), e.g. `com.acme/x/jsonschema/1-0-0`. */
  requestsFor(path: string): RecordedRequest[];
  /** The next `count` requests (only those whose URL contains `urlPart`, when given) get `fault`. */
  failNext(count: number, fault: IgluServerFault, urlPart?: string): void;
  /** Serve `content` at `schemas/<path>` instead of the directories (or 404 with `null`). */
  override(path: string, content: string | null): void;
  close(): Promise<void>;
}

const KEY_PATH = /^([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/;

function schemaRoots(roots: readonly string[]): string[] {
  return roots.map((r) => resolve(r)).map((r) => (existsSync(join(r, 'schemas')) ? join(r, 'schemas') : r));
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory());
  } catch {
    return [];
  }
}

/** Every schema key path (`vendor/name/format/version`) under the roots, sorted by name then SchemaVer. */
export function listSchemaPaths(roots: readonly string[]): string[] {
  const found = new Set<string>();
  for (const root of schemaRoots(roots)) {
    for (const vendor of listDir(root))
      for (const name of listDir(join(root, vendor)))
        for (const format of listDir(join(root, vendor, name)))
          for (const version of readdirSync(join(root, vendor, name, format))) {
            const p = `${vendor}/${name}/${format}/${version}`;
            if (KEY_PATH.test(p) && statSync(join(root, vendor, name, format, version)).isFile()) found.add(p);
          }
  }
  const ver = (p: string): number[] => (p.split('/')[3] ?? '').split('-').map(Number);
  return [...found].sort((a, b) => {
    const [pa, pb] = [a.split('/').slice(0, 3).join('/'), b.split('/').slice(0, 3).join('/')];
    if (pa !== pb) return pa < pb ? -1 : 1;
    const [va, vb] = [ver(a), ver(b)];
    return (va[0]! - vb[0]!) || (va[1]! - vb[1]!) || (va[2]! - vb[2]!);
  });
}

export async function startIgluStaticServer(opts: IgluStaticServerOptions): Promise<IgluStaticServer> {
  const roots = schemaRoots(typeof opts.root === 'string' ? [opts.root] : opts.root);
  const serverMode = opts.mode === 'iglu-server';
  const prefix = serverMode ? '/api' : '';
  const requests: RecordedRequest[] = [];
  const faults: Array<{ fault: IgluServerFault; urlPart: string | undefined }> = [];
  const overrides = new Map<string, string | null>();

  const read = (path: string): string | null => {
    if (overrides.has(path)) return overrides.get(path) ?? null;
    if (!KEY_PATH.test(path)) return null;
    for (const root of roots) {
      const file = join(root, ...path.split('/'));
      if (existsSync(file) && statSync(file).isFile()) return readFileSync(file, 'utf8');
    }
    return null;
  };
  const allUris = (): string[] => {
    const paths = new Set(listSchemaPaths(roots));
    for (const [p, c] of overrides) if (c === null) paths.delete(p);
    else paths.add(p);
    return [...paths].map((p) => `iglu:${p}`);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') return send(405, '{"message":"method not allowed"}');
    if (!url.pathname.startsWith(`${prefix}/schemas`)) return send(404, '{"message":"not found"}');
    if (serverMode && opts.apikey !== undefined && req.headers.apikey !== opts.apikey) {
      return send(401, '{"message":"Not authorized"}');
    }
    const rest = decodeURIComponent(url.pathname.slice(`${prefix}/schemas`.length)).replace(/^\/+/, '');
    const parts = rest === '' ? [] : rest.split('/');
    const listing = serverMode || opts.lists === true;
    if (parts.length === 4 && /^[0-9]+$/.test(parts[3] ?? '') && listing) {
      // `{vendor}/{name}/jsonschema/{model}`: igluctl's list object, and Iglu Server's list in one model.
      const uris = allUris().filter((u) => u.startsWith(`iglu:${parts.slice(0, 3).join('/')}/${parts[3]}-`));
      return uris.length === 0 ? send(404, '{"message":"No schemas available"}') : send(200, JSON.stringify(uris));
    }
    if (parts.length === 4) {
      const text = read(rest);
      return text === null ? send(404, '{"message":"The schema is not found"}') : send(200, text);
    }
    // igluctl writes only the top-level `schemas` list; Iglu Server also lists by vendor and by vendor/name.
    if (!listing || (!serverMode && parts.length > 0) || parts.length > 2) return send(404, '{"message":"not found"}');
    const uris = allUris().filter((u) => parts.length === 0 || u.startsWith(`iglu:${parts.join('/')}/`));
    if (parts.length > 0 && uris.length === 0) return send(404, '{"message":"No schemas available"}');
    return send(200, JSON.stringify(uris));
  };

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const index = faults.findIndex((f) => f.urlPart === undefined || (req.url ?? '').includes(f.urlPart));
    if (index < 0) return handle(req, res);
    const { fault } = faults.splice(index, 1)[0]!;
    if ('reset' in fault) return void req.socket.destroy();
    if ('delayMs' in fault) return void setTimeout(() => handle(req, res), fault.delayMs);
    const status = 'status' in fault ? fault.status : 200;
    const body = fault.body ?? '{"message":"injected fault"}';
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}${prefix}`,
    requests,
    requestsFor: (path) => requests.filter((r) => (r.url.split('?')[0] ?? '') === `${prefix}/schemas/${path}`),
    failNext: (count, fault, urlPart) => {
      for (let i = 0; i < count; i++) faults.push({ fault, urlPart });
    },
    override: (path, content) => void overrides.set(path, content),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
