import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Deterministic PRNG (mulberry32) so that a failing run can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An HTTP proxy in front of a real S3 emulator that answers a share of requests with `500 InternalError` (the S3
 * error body) instead of forwarding them, or all of them while `down`. Failure injection for the object and
 * position writes of the runtimes, on the real wire protocol.
 */
export class FaultyProxy {
  failureRate = 0;
  /** Overrides failureRate per request (e.g. only reads of one prefix), when set. */
  failureRateFor: ((method: string, url: string) => number | undefined) | undefined;
  down = false;
  failed = 0;
  forwarded = 0;
  readonly #server: Server;
  readonly #random: () => number;
  #port = 0;

  constructor(target: string, seed = 1) {
    this.#random = seededRandom(seed);
    const t = new URL(target);
    this.#server = http.createServer((req, res) => {
      const rate = this.failureRateFor?.(req.method ?? '', req.url ?? '') ?? this.failureRate;
      if (this.down || this.#random() < rate) {
        this.failed++;
        req.resume();
        req.on('end', () => {
          res.writeHead(500, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected</Message></Error>');
        });
        return;
      }
      this.forwarded++;
      const upstream = http.request(
        { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.endpoint;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}
