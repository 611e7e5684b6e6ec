/**
 * The load balancer in front of the collector, on loopback: forwards every request unchanged and adds
 * `X-Forwarded-For: <clientIp>`, as an AWS ALB would for a visitor at that address. Browsers cannot set that header
 * themselves; this is how the test gives the pipeline a routable client IP (one the MaxMind test database knows).
 */
import http from 'node:http';
import { listenOnLoopback, LoopbackServer } from './loopback-server';

export interface ForwardingProxy extends LoopbackServer {
  /** Requests forwarded so far (method and path), for diagnostics. */
  readonly forwarded: ReadonlyArray<string>;
}

export async function startForwardingProxy(targetPort: number, clientIp: string): Promise<ForwardingProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const forwarded: string[] = [];
  const server = await listenOnLoopback((req, res) => {
    forwarded.push(`${req.method} ${req.url}`);
    const headers = { ...req.headers, 'x-forwarded-for': clientIp };
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(upstream);
  });
  return {
    ...server,
    forwarded,
    close: async () => {
      await server.close();
      agent.destroy();
    },
  };
}
