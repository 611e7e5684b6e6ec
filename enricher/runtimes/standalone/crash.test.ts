/**
 * Crash test (issue #5): the standalone consumer is SIGKILLed at random points, at least 10 times, while a bounded
 * load flows through the real collector (durable mode) — itself SIGKILLed a few times — into kinesalite, s3rver
 * and dynalite. At the end every event the collector acknowledged is in S3 exactly once (counted by event_id),
 * and no event is there twice. The counts are printed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBucket,
  createStream,
  kinesisClient,
  s3Client,
  startEmulator,
  type Emulator,
} from '../../../test/harness/emulators';
import { seededRandom } from '../test-support/faulty-proxy';
import { countEventIds, readObjects, waitFor } from '../test-support/pipeline-fixtures';
import { spawnSleet, type SleetProcess } from '../test-support/sleet-process';

jest.setTimeout(170_000);

const ENRICHER_KILLS = 12;
const COLLECTOR_KILLS = 3;
const EVENTS = 2400;

let kinesalite: Emulator;
let s3rver: Emulator;
let dynalite: Emulator;
let dir: string;
const children = new Set<SleetProcess>();

beforeAll(async () => {
  [kinesalite, s3rver, dynalite] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver'), startEmulator('dynalite')]);
  dir = mkdtempSync(join(tmpdir(), 'sleet-crash-'));
});

afterAll(async () => {
  await Promise.all([...children].map((c) => c.kill('SIGKILL')));
  await Promise.all([kinesalite?.stop(), s3rver?.stop(), dynalite?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('loses and duplicates nothing acknowledged while the enricher and the collector are SIGKILLed', async () => {
  const kinesis = kinesisClient(kinesalite.endpoint);
  const s3 = s3Client(s3rver.endpoint);
  await createStream(kinesis, 'crash-raw', 2);
  await createStream(kinesis, 'crash-bad', 1);
  await createBucket(s3, 'crash-out');
  mkdirSync(join(dir, 'empty-repo'));
  writeFileSync(
    join(dir, 'resolver.json'),
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
      data: { cacheSize: 10, repositories: [{ name: 'none', priority: 0, vendorPrefixes: [], connection: { embedded: { path: join(dir, 'empty-repo') } } }] },
    }),
  );
  writeFileSync(
    join(dir, 'collector.json'),
    JSON.stringify({
      interface: '127.0.0.1',
      port: 0,
      sink: { kinesis: { region: 'us-east-1', endpoint: kinesalite.endpoint, goodStream: 'crash-raw', badStream: 'crash-bad', lingerMs: 5 } },
      metrics: { enabled: false },
      logging: { level: 'info' },
    }),
  );
  writeFileSync(
    join(dir, 'enricher.json'),
    JSON.stringify({
      input: { streamName: 'crash-raw', idlePollMillis: 50, minReadIntervalMillis: 0, shardDiscoveryIntervalSecs: 1 },
      aws: { region: 'us-east-1', endpoints: { kinesis: kinesalite.endpoint, s3: s3rver.endpoint, dynamodb: dynalite.endpoint }, s3ForcePathStyle: true },
      output: { s3: { bucket: 'crash-out' } },
      checkpoints: { dynamodb: { tableName: 'crash-checkpoints', createTable: true } },
      batching: { flushMaxAgeSecs: 0.4 },
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      enrich: { resolverConfigFile: join(dir, 'resolver.json') },
      metrics: { enabled: false },
      logging: { level: 'info' },
      shutdownTimeoutSecs: 20,
    }),
  );
  const awsEnv = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const random = seededRandom(Number(process.env.SLEET_CRASH_SEED ?? Date.now() % 100_000));

  // The collector, restarted after each SIGKILL; `target` is its URL while it is up.
  let target: string | undefined;
  let collector: SleetProcess | undefined;
  const startCollector = async (): Promise<void> => {
    collector = spawnSleet(['collector', '--config', join(dir, 'collector.json')], awsEnv);
    children.add(collector);
    const line = await collector.waitForLog((l) => l.msg === 'collector listening', 20_000);
    target = `http://127.0.0.1:${line.port as number}`;
  };
  await startCollector();

  // Bounded load: EVENTS requests, one event each, never retried (a retry could legitimately duplicate).
  const sent: string[] = [];
  const acked = new Set<string>();
  const loadWorker = async (): Promise<void> => {
    while (sent.length < EVENTS) {
      const url = target;
      if (url === undefined) {
        await sleep(20);
        continue;
      }
      const eid = randomUUID();
      sent.push(eid);
      try {
        const res = await fetch(`${url}/i?e=pv&eid=${eid}&p=web&tv=js-crash&aid=crash&url=${encodeURIComponent('http://shop.example/p')}`, {
          signal: AbortSignal.timeout(8000),
        });
        await res.arrayBuffer();
        if (res.status === 200) acked.add(eid);
      } catch {
        // connection refused or reset by a killed collector: not acknowledged
      }
      await sleep(80);
    }
  };
  const load = Promise.all(Array.from({ length: 4 }, loadWorker));

  const collectorKiller = (async () => {
    for (let i = 0; i < COLLECTOR_KILLS; i++) {
      await sleep(5000 + random() * 4000);
      target = undefined;
      await collector!.kill('SIGKILL');
      await startCollector();
    }
  })();

  // Most kills fall while the consumer runs (reading, enriching, writing objects, committing: wherever the random
  // delay lands, with batches closing every 0.4 s); every fourth falls during start-up (claiming shards, rebuilding).
  let enricherKills = 0;
  let killedWhileRunning = 0;
  for (; enricherKills < ENRICHER_KILLS; enricherKills++) {
    const e = spawnSleet(['enricher', '--config', join(dir, 'enricher.json')], awsEnv);
    children.add(e);
    if (enricherKills % 4 === 3) {
      await sleep(random() * 2500);
    } else {
      await e.waitForLog((l) => l.msg === 'enricher consuming', 30_000);
      await sleep(100 + random() * 2400);
      killedWhileRunning++;
    }
    await e.kill('SIGKILL');
    children.delete(e);
  }
  await Promise.all([load, collectorKiller]);

  const final = spawnSleet(['enricher', '--config', join(dir, 'enricher.json')], awsEnv);
  children.add(final);
  const objects = await waitFor(async () => {
    const o = await readObjects(s3, 'crash-out', 'enriched/');
    const counts = countEventIds(o);
    return [...acked].every((id) => counts.has(id)) ? o : undefined;
  }, 60_000, 'every acknowledged event in S3');
  expect(await final.kill('SIGTERM')).toBe(0);

  const counts = countEventIds(await readObjects(s3, 'crash-out', 'enriched/'));
  const sentSet = new Set(sent);
  let lost = 0;
  for (const id of acked) if ((counts.get(id) ?? 0) === 0) lost++;
  let duplicated = 0;
  let unacknowledgedDelivered = 0;
  let unexpected = 0;
  for (const [id, n] of counts) {
    if (n > 1) duplicated += n - 1;
    if (!sentSet.has(id)) unexpected++;
    else if (!acked.has(id)) unacknowledgedDelivered++;
  }
  console.log(
    `crash test: ${enricherKills} enricher SIGKILLs (${killedWhileRunning} while consuming), ${COLLECTOR_KILLS} collector SIGKILLs, ${sent.length} events sent, ` +
      `${acked.size} acknowledged → ${lost} lost, ${duplicated} duplicated ` +
      `(${unacknowledgedDelivered} unacknowledged events were delivered once; ${objects.size} objects)`,
  );
  expect(enricherKills).toBeGreaterThanOrEqual(10);
  expect(acked.size).toBeGreaterThan(EVENTS / 2);
  expect({ lost, duplicated, unexpected }).toEqual({ lost: 0, duplicated: 0, unexpected: 0 });
  kinesis.destroy();
  s3.destroy();
});
