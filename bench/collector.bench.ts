/**
 * `npm run bench:collector`: the collector against a bare node:http server in the same run, same load.
 *
 * (a) the collector (durable ack, Thrift serialisation, real Kinesis sink batching PutRecords into a fast local
 *     stub) on GET /i and POST tp2 with realistic browser-tracker requests;
 * (b) a raw node:http server answering "ok" to the same requests.
 * Each server runs in its own child process; autocannon runs here. Prints req/s, p50/p99 latency, peak RSS of the
 * server and the ratio collector/raw. Target: ratio ≥ 0.6 with RSS < 150 MB.
 *
 * The collector is measured in its default ack mode (durable: each answer waits for PutRecords) and, for
 * reference, in buffered mode (Snowplow's: answered before Kinesis has the record; BENCH_BUFFERED=0 skips it).
 *
 * Options (env): BENCH_DURATION_SECS (default 10), BENCH_CONNECTIONS (default 100), BENCH_WARMUP_SECS (default 2),
 * BENCH_MEMORY_SINK=1 (also measure the collector with an in-process sink, to separate HTTP from Kinesis cost),
 * BENCH_KINESIS (JSON merged into sink.kinesis of the collector, to compare batching settings).
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { createInterface } from 'node:readline';
import { BROWSER_HEADERS, pixelPath, tp2Body } from './collector-payloads';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const DURATION = Number(process.env.BENCH_DURATION_SECS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP_SECS ?? 2);
const ROOT = join(__dirname, '..');

interface Child {
  readonly proc: ChildProcess;
  readonly port: number;
  ask<T>(): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The servers under test run as plain compiled JavaScript, as in production (bin/sleet.js runs dist/ when built):
 * tsx's on-the-fly transform adds a helper call to every closure creation and its loader costs memory.
 */
const BUILD_DIR = mkdtempSync(join(tmpdir(), 'sleet-bench-'));
buildSync({
  entryPoints: ['collector-target.ts', 'collector-kinesis-stub.ts'].map((f) => join(ROOT, 'bench', f)),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outdir: BUILD_DIR,
  logLevel: 'warning',
});
// The Kinesis sink's PutRecords worker thread is loaded from beside the bundle, as from beside app.js in dist/.
buildSync({
  entryPoints: [join(ROOT, 'collector', 'sinks', 'put-records-worker.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outfile: join(BUILD_DIR, 'put-records-worker.js'),
  logLevel: 'warning',
});

async function spawnChild(script: string, args: string[]): Promise<Child> {
  const proc = fork(join(BUILD_DIR, script.replace(/\.ts$/, '.js')), args, {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    // The bundle lives in a temp dir; its packages still come from this repository's node_modules.
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    proc,
    port,
    ask: <T>() =>
      new Promise<T>((resolve) => {
        proc.once('message', (m) => resolve(m as T));
        proc.send('?');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

interface Row {
  server: string;
  route: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  rssMb: number;
  cpuMicrosPerRequest: number;
  mainMicrosPerRequest: number;
}

interface Sample {
  rss: number;
  /** CPU of the whole process (all threads). */
  cpuMicros: number;
  /** Time the main thread's event loop was busy (the thread that serves requests). */
  mainActiveMicros: number;
}

async function load(target: Child, route: 'GET /i' | 'POST tp2', seconds: number): Promise<{ result: AutocannonResult; peakRss: number; cpuMicros: number; mainMicros: number }> {
  const requests =
    route === 'GET /i'
      ? Array.from({ length: 64 }, () => ({ method: 'GET', path: pixelPath() }))
      : Array.from({ length: 64 }, () => ({
          method: 'POST',
          path: '/com.snowplowanalytics.snowplow/tp2',
          body: tp2Body(),
          headers: { ...BROWSER_HEADERS, 'Content-Type': 'application/json; charset=UTF-8' },
        }));
  let peakRss = 0;
  const before = await target.ask<Sample>();
  const sampler = setInterval(() => {
    void target.ask<Sample>().then((m) => (peakRss = Math.max(peakRss, m.rss)));
  }, 250);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: BROWSER_HEADERS,
    requests,
  });
  clearInterval(sampler);
  const after = await target.ask<Sample>();
  peakRss = Math.max(peakRss, after.rss);
  return { result, peakRss, cpuMicros: after.cpuMicros - before.cpuMicros, mainMicros: after.mainActiveMicros - before.mainActiveMicros };
}

async function measure(name: string, target: Child, rows: Row[]): Promise<void> {
  for (const route of ['GET /i', 'POST tp2'] as const) {
    if (WARMUP > 0) await load(target, route, WARMUP);
    const { result, peakRss, cpuMicros, mainMicros } = await load(target, route, DURATION);
    rows.push({
      server: name,
      route,
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      rssMb: peakRss / 1024 / 1024,
      cpuMicrosPerRequest: cpuMicros / Math.max(1, result.requests.total),
      mainMicrosPerRequest: mainMicros / Math.max(1, result.requests.total),
    });
    process.stderr.write(`  ${name} ${route}: ${Math.round(result.requests.average)} req/s\n`);
  }
}

async function main(): Promise<void> {
  process.stderr.write(`collector benchmark: ${CONNECTIONS} connections, ${DURATION} s per run (+${WARMUP} s warm-up)\n`);
  const stub = await spawnChild('collector-kinesis-stub.ts', []);
  const rows: Row[] = [];
  try {
    const raw = await spawnChild('collector-target.ts', ['raw']);
    await measure('raw node:http', raw, rows);
    await raw.stop();
    const collector = await spawnChild('collector-target.ts', ['collector', `http://127.0.0.1:${stub.port}`]);
    await measure('collector', collector, rows);
    await collector.stop();
    if (process.env.BENCH_BUFFERED !== '0') {
      const buffered = await spawnChild('collector-target.ts', ['collector-buffered', `http://127.0.0.1:${stub.port}`]);
      await measure('collector, ack buffered', buffered, rows);
      await buffered.stop();
    }
    if (process.env.BENCH_MEMORY_SINK === '1') {
      const memory = await spawnChild('collector-target.ts', ['collector-memory']);
      await measure('collector, memory sink', memory, rows);
      await memory.stop();
    }
    const sunk = await stub.ask<{ records: number; calls: number }>();
    const fmt = (n: number, d = 0): string => n.toFixed(d);
    console.log('\n| server | route | req/s | p50 ms | p99 ms | non-2xx | errors | peak RSS MB | server CPU µs/req | main thread busy µs/req |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(`| ${r.server} | ${r.route} | ${fmt(r.reqPerSec)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.non2xx} | ${r.errors} | ${fmt(r.rssMb)} | ${fmt(r.cpuMicrosPerRequest)} | ${fmt(r.mainMicrosPerRequest)} |`);
    }
    console.log(`\nKinesis stub: ${sunk.records} records in ${sunk.calls} PutRecords calls (${fmt(sunk.records / Math.max(1, sunk.calls), 1)} records/call)`);
    let ok = true;
    for (const route of ['GET /i', 'POST tp2']) {
      const base = rows.find((r) => r.server === 'raw node:http' && r.route === route)!;
      const col = rows.find((r) => r.server === 'collector' && r.route === route)!;
      const ratio = col.reqPerSec / base.reqPerSec;
      const pass = ratio >= 0.6 && col.rssMb < 150 && col.non2xx === 0;
      ok &&= pass;
      console.log(`ratio ${route}: ${ratio.toFixed(2)} (target ≥ 0.60), collector peak RSS ${fmt(col.rssMb)} MB (target < 150) → ${pass ? 'PASS' : 'MISS'}`);
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stub.stop();
    rmSync(BUILD_DIR, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
