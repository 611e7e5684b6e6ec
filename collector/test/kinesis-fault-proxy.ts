/**
 * A loopback HTTP proxy in front of kinesalite that can make Kinesis fail on demand: whole calls answered 500
 * (InternalFailure), or PutRecords calls where some records are refused with ProvisionedThroughputExceeded (only
 * the others are forwarded, so the stream holds exactly what the reply says was stored). kinesalite itself never
 * throttles (../shared/docs/local-aws.md §3), so this is how the retry paths meet a real Kinesis wire protocol.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'fail' | 'throttle-half';

interface PutRecordsBody {
  StreamName: string;
  Records: Array<{ Data: string; PartitionKey: string }>;
}

export interface FaultProxy {
  readonly endpoint: string;
  mode: FaultMode;
  /** PutRecords calls seen, and records refused so far. */
  readonly stats: { calls: number; refusedRecords: number; failedCalls: number };
  close(): Promise<void>;
}

function forward(upstream: URL, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, 'content-length': String(body.length), host: upstream.host };
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

export async function startFaultProxy(upstreamEndpoint: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamEndpoint);
  const stats = { calls: 0, refusedRecords: 0, failedCalls: 0 };
  let mode: FaultMode = 'pass';
  let toggle = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const isPut = String(req.headers['x-amz-target'] ?? '').endsWith('.PutRecords');
        if (isPut) stats.calls++;
        if (mode === 'fail') {
          stats.failedCalls++;
          res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"__type":"InternalFailure","message":"injected"}');
          return;
        }
        if (mode === 'throttle-half' && isPut) {
          const input = JSON.parse(body.toString('utf8')) as PutRecordsBody;
          const keep = input.Records.map(() => toggle++ % 2 === 0);
          const forwarded = { ...input, Records: input.Records.filter((_, i) => keep[i]) };
          const up = forwarded.Records.length > 0 ? await forward(upstream, req, Buffer.from(JSON.stringify(forwarded))) : undefined;
          const upRecords = up === undefined ? [] : (JSON.parse(up.body.toString('utf8')) as { Records: unknown[] }).Records;
          let j = 0;
          let failed = 0;
          const records = keep.map((k) => {
            if (k) return upRecords[j++];
            failed++;
            return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'injected' };
          });
          stats.refusedRecords += failed;
          res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ FailedRecordCount: failed, Records: records }));
          return;
        }
        try {
          const up = await forward(upstream, req, body);
          res.writeHead(up.status, { 'Content-Type': String(up.headers['content-type'] ?? 'application/x-amz-json-1.1') }).end(up.body);
        } catch (err) {
          res.writeHead(502).end(String(err));
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return mode;
    },
    set mode(m: FaultMode) {
      mode = m;
    },
    stats,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
