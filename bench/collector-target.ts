/**
 * A server under test for the collector benchmark, in its own process (so that autocannon does not share its
 * event loop): `raw` is a bare node:http server answering "ok"; `collector` is the standalone collector in its
 * default durable mode with the real Kinesis sink sending to the stub given as second argument;
 * `collector-buffered` is the same in ack mode buffered (Snowplow's: 200 before Kinesis has the record);
 * `collector-memory` is the same collector with in-process memory sinks (a diagnostic: HTTP + payload cost only).
 * Prints {"port":N} when listening; answers any IPC message with {"rss":bytes,"cpuMicros":N,"mainActiveMicros":N}.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../common/logger';
import { buildCollectorConfig } from '../collector/config/load';
import { startCollector } from '../collector/main';
import { MemorySink } from '../collector/sinks/memory-sink';

async function main(): Promise<void> {
  const [mode, endpoint] = process.argv.slice(2);
  let port: number;
  if (mode === 'raw') {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  } else {
    // BENCH_KINESIS: JSON merged into sink.kinesis (to compare batching settings); defaults otherwise.
    const kinesis = JSON.parse(process.env.BENCH_KINESIS ?? '{}') as Record<string, unknown>;
    const config = buildCollectorConfig({
      interface: '127.0.0.1',
      port: 0,
      metrics: { port: null },
      ack: { mode: mode === 'collector-buffered' ? 'buffered' : 'durable' },
      sink: { kinesis: { region: 'us-east-1', endpoint, goodStream: 'bench-good', badStream: 'bench-bad', ...kinesis } },
    });
    // collector-memory: same collector with local memory sinks drained at once (isolates HTTP + payload cost).
    const sinks = mode === 'collector-memory' ? { good: new MemorySink({ name: 'good' }), bad: new MemorySink({ name: 'bad' }) } : undefined;
    if (sinks !== undefined) for (const s of [sinks.good, sinks.bad]) s.consume(() => undefined);
    const running = await startCollector(config, { log: silentLogger(), sinks, kinesisCredentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    port = running.port;
    for (let i = 0; i < 100 && !running.collector.gate.healthy(); i++) await new Promise((r) => setTimeout(r, 20));
  }
  process.on('message', () => {
    const cpu = process.cpuUsage();
    // mainActiveMicros: time the main thread's event loop was busy (the worker thread's CPU is in cpuMicros only).
    process.send?.({ rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system, mainActiveMicros: performance.eventLoopUtilization().active * 1000 });
  });
  process.on('SIGTERM', () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

void main();
