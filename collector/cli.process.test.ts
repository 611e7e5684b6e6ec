/**
 * The `sleet collector` process: spawned from bin/sleet.js with a config file, loaded with tracking requests,
 * SIGTERMed under load. It must exit 0 within shutdownTimeoutSecs, and every event it answered 200 must be in
 * the stream (read back from kinesalite).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { decodeCollectorPayload } from '../common/thrift';
import { createStream, Emulator, kinesisClient, startEmulator, TEST_CREDENTIALS } from '../test/harness/emulators';
import { configKeys } from './config/describe';
import { readStream } from './test/kinesis-stream';

jest.setTimeout(90_000);

const SLEET = join(__dirname, '..', 'bin', 'sleet.js');
const ENV = {
  ...process.env,
  SLEET_FROM_SOURCE: '1',
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function runSync(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SLEET, 'collector', ...args], { env: ENV, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sleet collector (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sleet-collector-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help documents every option and every config key', () => {
    const r = runSync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: sleet collector --config FILE/);
    for (const [key] of configKeys()) expect(r.stdout).toContain(`  ${key} (default `);
    for (const env of ['SLEET_COLLECTOR_PORT', 'SLEET_COLLECTOR_GOOD_STREAM', 'SLEET_COLLECTOR_BAD_STREAM', 'SLEET_COLLECTOR_REGION', 'SLEET_COLLECTOR_KINESIS_ENDPOINT']) expect(r.stdout).toContain(env);
  });

  it('refuses a bad config with every problem and exit code 2; --check prints the validated config', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'port: nope\ncookie:\n  sameSite: Maybe\nextra: 1\n');
    const r = runSync(['--config', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('port: must be integer');
    expect(r.stderr).toContain('cookie.sameSite: must be one of');
    expect(r.stderr).toContain('extra: unknown key');
    expect(runSync([]).status).toBe(2);
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'sink:\n  kinesis:\n    goodStream: raw\n    badStream: bad\n');
    const check = runSync(['--config', good, '--check']);
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as { ack: { mode: string } }).ack.mode).toBe('durable');
  });
});

describe('sleet collector (process) under load', () => {
  let kinesis: Emulator;
  let client: KinesisClient;
  let dir: string;

  beforeAll(async () => {
    kinesis = await startEmulator('kinesalite');
    client = kinesisClient(kinesis.endpoint);
    await createStream(client, 'raw', 2);
    await createStream(client, 'bad-1', 1);
    dir = mkdtempSync(join(tmpdir(), 'sleet-collector-proc-'));
  });
  afterAll(async () => {
    client?.destroy();
    await kinesis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGTERM refuses new requests, flushes, exits 0 in time, and every acknowledged event is in the stream', async () => {
    const config = join(dir, 'collector.json');
    writeFileSync(
      config,
      JSON.stringify({
        interface: '127.0.0.1',
        port: 0,
        metrics: { port: null },
        shutdownTimeoutSecs: 20,
        // A long linger so that records are still queued when the signal arrives.
        sink: { kinesis: { region: 'us-east-1', endpoint: kinesis.endpoint, goodStream: 'raw', badStream: 'bad-1', lingerMs: 200, maxConcurrentCalls: 1 } },
      }),
    );
    const child: ChildProcess = spawn(process.execPath, [SLEET, 'collector', '--config', config], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const logs: Array<Record<string, unknown>> = [];
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collector did not start: ${stderr}`)), 30_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'collector listening') {
          clearTimeout(timer);
          resolve(entry.port as number);
        }
      });
      child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${stderr}`)));
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));

    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const acked: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    let running = true;
    const post = (id: number): Promise<number> =>
      new Promise((resolve) => {
        const body = `{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","eid":"${id}"}]}`;
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/com.snowplowanalytics.snowplow/tp2', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(-1));
        req.end(body);
      });
    const worker = async (): Promise<void> => {
      while (running) {
        const id = next++;
        const status = await post(id);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) acked.push(id);
        if (status === -1) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    const ackedBeforeSignal = acked.length;
    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    running = false;
    await Promise.all(workers);
    agent.destroy();

    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(20_000);
    expect(ackedBeforeSignal).toBeGreaterThan(20);
    // Only 200, 503 (refused while stopping) or a closed connection: never another error.
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503 && s !== -1)).toEqual([]);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['stopping', 'collector stopping: flushing sinks', 'collector sinks flushed', 'stopped']));

    const stored = new Set((await readStream(client, 'raw')).map((r) => (JSON.parse(decodeCollectorPayload(r.data).body!) as { data: Array<{ eid: string }> }).data[0].eid));
    const missing = acked.filter((id) => !stored.has(String(id)));
    expect(missing).toEqual([]);
  });
});
