/**
 * A bounded HTTP GET for registry lookups: connect and overall timeouts, a body size cap (the body is never
 * buffered past it), a few redirects (the `apikey` header is only sent to the original host).
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Time to get a connected socket (Snowplow's client: 1000 ms). */
  readonly connectTimeoutMs: number;
  /** Time for the whole exchange (Snowplow's client: 4000 ms). */
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxRedirects?: number;
  /** Headers only sent to the original origin (credentials). */
  readonly originOnlyHeaders?: readonly string[];
}

export type HttpGetResult =
  | { readonly kind: 'response'; readonly status: number; readonly body: string }
  | { readonly kind: 'too-large'; readonly status: number }
  | { readonly kind: 'failure'; readonly message: string };

export async function httpGet(url: string, opts: HttpGetOptions): Promise<HttpGetResult> {
  const origin = new URL(url).origin;
  let current = url;
  for (let hop = 0; ; hop++) {
    const sameOrigin = new URL(current).origin === origin;
    const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
    if (!sameOrigin) for (const h of opts.originOnlyHeaders ?? []) delete headers[h];
    const r = await getOnce(current, headers, opts);
    if (r.kind !== 'redirect') return r;
    if (hop >= (opts.maxRedirects ?? 3)) return { kind: 'failure', message: `too many redirects fetching ${url}` };
    let next: URL;
    try {
      next = new URL(r.location, current);
    } catch {
      return { kind: 'failure', message: `invalid redirect location from ${current}` };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { kind: 'failure', message: `redirect to unsupported protocol ${next.protocol}` };
    }
    current = next.toString();
  }
}

type OnceResult = HttpGetResult | { kind: 'redirect'; location: string };

function getOnce(url: string, headers: Record<string, string>, opts: HttpGetOptions): Promise<OnceResult> {
  return new Promise((resolvePromise) => {
    let settled = false;
    const settle = (r: OnceResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(connect);
      resolvePromise(r);
    };
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && typeof location === 'string') {
        res.resume();
        settle({ kind: 'redirect', location });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBodyBytes) {
        settle({ kind: 'too-large', status });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBodyBytes) {
          settle({ kind: 'too-large', status });
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => settle({ kind: 'response', status, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => settle({ kind: 'failure', message: `error reading ${url}: ${e.message}` }));
      res.on('aborted', () => settle({ kind: 'failure', message: `connection aborted reading ${url}` }));
    });
    const fail = (message: string): void => {
      settle({ kind: 'failure', message });
      req.destroy();
    };
    const connect = setTimeout(() => fail(`connection timeout (${opts.connectTimeoutMs} ms) fetching ${url}`), opts.connectTimeoutMs);
    const overall = setTimeout(() => fail(`timeout (${opts.requestTimeoutMs} ms) fetching ${url}`), opts.requestTimeoutMs);
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connect);
      else socket.once('connect', () => clearTimeout(connect));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const what = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? 'Unknown host issue' : 'connection error';
      settle({ kind: 'failure', message: `${what} fetching ${url}: ${e.code ?? e.message}` });
    });
  });
}
