/**
 * Test helpers: a collector on 127.0.0.1:0 with in-memory sinks (or any sinks), raw HTTP/1.1 exchanges that keep
 * the exact bytes and header order of the answer, and decoding of what reached the sinks.
 */
import type { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { Logger, silentLogger } from '../../common/logger';
import { CollectorPayload, decodeCollectorPayload } from '../../common/thrift';
import { TEST_CREDENTIALS } from '../../test/harness/emulators';
import { buildCollector, buildHttpServer, Collector, CollectorSinks } from '../app';
import { buildCollectorConfig } from '../config/load';
import { MemorySink } from '../sinks/memory-sink';

export interface TestCollector {
  readonly collector: Collector;
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  readonly good: MemorySink;
  readonly bad: MemorySink;
  /** Decoded payloads that reached the good sink since the last call (acknowledged). */
  takePayloads(): CollectorPayload[];
  /** Bad rows (parsed JSON) that reached the bad sink since the last call. */
  takeBadRows(): Array<{ schema: string; data: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * A collector on 127.0.0.1:0 with `config` over a test base. By default its sinks are in-memory (take what they
 * got with takePayloads/takeBadRows); with `configuredSinks` it uses the sinks of the config (Kinesis: test
 * credentials for kinesalite).
 */
export async function startTestCollector(
  config: Record<string, unknown> = {},
  opts: { configuredSinks?: boolean; log?: Logger; sinks?: CollectorSinks } = {},
): Promise<TestCollector> {
  const good = new MemorySink({ name: 'good' });
  const bad = new MemorySink({ name: 'bad' });
  const cfg = buildCollectorConfig({ interface: '127.0.0.1', port: 0, metrics: { port: null }, sink: { type: 'file' }, ...config });
  const collector = buildCollector(cfg, {
    log: opts.log ?? silentLogger(),
    sinks: opts.configuredSinks === true ? undefined : (opts.sinks ?? { good, bad }),
    kinesisCredentials: TEST_CREDENTIALS,
  });
  await collector.start();
  const server = buildHttpServer(collector);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  // The memory sinks' consumer keeps (and so acknowledges) every record at once; tests take them when they want.
  const goodRecords: Buffer[] = [];
  const badRecords: Buffer[] = [];
  good.consume((records) => {
    for (const r of records) goodRecords.push(r.data);
  });
  bad.consume((records) => {
    for (const r of records) badRecords.push(r.data);
  });
  return {
    collector,
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    good,
    bad,
    takePayloads: () => goodRecords.splice(0).map((b) => decodeCollectorPayload(b)),
    takeBadRows: () => badRecords.splice(0).map((b) => JSON.parse(b.toString('utf8')) as { schema: string; data: Record<string, unknown> }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await collector.stop();
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header lines in the order received, `[name, value]`. */
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
  /** Everything received, for byte-exact checks. */
  readonly raw: Buffer;
  header(name: string): string | undefined;
  all(name: string): string[];
}

/** Parses one HTTP/1.1 response with Content-Length (or connection close). */
export function parseResponse(raw: Buffer, headRequest = false): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete response: ${JSON.stringify(raw.toString('latin1'))}`);
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const statusLine = lines[0];
  const headers = lines.slice(1).map((l): [string, string] => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  const lengthHeader = headers.find(([n]) => n.toLowerCase() === 'content-length');
  const bodyStart = end + 4;
  const length = headRequest ? 0 : lengthHeader === undefined ? raw.length - bodyStart : Number(lengthHeader[1]);
  return {
    status: Number(statusLine.split(' ')[1]),
    statusLine,
    headers,
    body: raw.subarray(bodyStart, bodyStart + length),
    raw,
    header: (name) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
    all: (name) => headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v),
  };
}

/**
 * Sends raw bytes on a new connection and returns the first complete response. Resolves when the response is
 * complete (Content-Length known) or the server closes the connection.
 */
export function rawRequest(port: number, request: string | Buffer, opts: { timeoutMs?: number; head?: boolean } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) return reject(err);
      try {
        resolve(parseResponse(Buffer.concat(chunks), opts.head));
      } catch (e) {
        reject(e as Error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`no complete response within ${opts.timeoutMs ?? 5000} ms: ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`)), opts.timeoutMs ?? 5000);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /\r\ncontent-length: *(\d+)/i.exec(all.subarray(0, end).toString('latin1'));
      if (m !== null && all.length >= end + 4 + (opts.head ? 0 : Number(m[1]))) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e) => (chunks.length > 0 ? finish() : finish(e)));
    socket.write(request);
  });
}

/** A GET/HEAD/OPTIONS/POST request text with the given headers (Host added when absent). */
export function requestText(method: string, target: string, headers: Record<string, string> | Array<[string, string]> = {}, body?: string | Buffer): Buffer {
  const list = Array.isArray(headers) ? [...headers] : Object.entries(headers);
  if (!list.some(([n]) => n.toLowerCase() === 'host')) list.unshift(['Host', 'collector.test']);
  if (body !== undefined && !list.some(([n]) => n.toLowerCase() === 'content-length' || n.toLowerCase() === 'transfer-encoding')) {
    list.push(['Content-Length', String(Buffer.byteLength(body))]);
  }
  const head = `${method} ${target} HTTP/1.1\r\n${list.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return body === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

export const PIXEL_BYTES = Buffer.from('47494638396101000100f00000ffffff00000021f90405000000002c00000000010001000002024401003b', 'hex');
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
