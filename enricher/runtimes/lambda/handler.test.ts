/**
 * The Lambda handler under a simulated event source mapping over real Kinesis records (kinesalite), writing to a
 * real S3 emulator (s3rver) through a proxy that fails requests, with retries, partial batch responses, bisection
 * and redelivered ranges. Issue #5: "… → same exactly-once result".
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { silentLogger } from '../../../common/logger';
import {
  createBucket,
  createStream,
  dynamoClient,
  kinesisClient,
  s3Client,
  startEmulator,
  TEST_CREDENTIALS,
  TEST_REGION,
  type Emulator,
} from '../../../test/harness/emulators';
import type { CheckpointStore } from '../../batching/checkpoints/checkpoint-store';
import { DynamoDbCheckpointStore } from '../../batching/checkpoints/dynamodb-checkpoint-store';
import { S3CheckpointStore } from '../../batching/checkpoints/s3-checkpoint-store';
import { S3Sink } from '../../sinks/s3-sink';
import { bindEnrich } from '../enrich-records';
import { FaultyProxy } from '../test-support/faulty-proxy';
import { countEventIds, exactlyOnceReport, putRecords, rawPayload, readObjects, TEST_ENRICH_DEPS } from '../test-support/pipeline-fixtures';
import { thriftEnrichPayload } from '../test-support/thrift-enrich-payload';
import { createKinesisHandler } from './handler';
import { EsmSimulator, toEventRecord } from './test-support/esm-simulator';

jest.setTimeout(90_000);

let kinesalite: Emulator;
let s3rver: Emulator;
let dynalite: Emulator;
let kinesis: KinesisClient;
let s3: S3Client;
let positions: DynamoDbCheckpointStore;
let n = 0;

beforeAll(async () => {
  [kinesalite, s3rver, dynalite] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver'), startEmulator('dynalite')]);
  kinesis = kinesisClient(kinesalite.endpoint);
  s3 = s3Client(s3rver.endpoint);
  positions = new DynamoDbCheckpointStore(dynamoClient(dynalite.endpoint), 'sleet-lambda-positions');
  await positions.ensureTable();
});

afterAll(async () => {
  kinesis?.destroy();
  s3?.destroy();
  await Promise.all([kinesalite?.stop(), s3rver?.stop(), dynalite?.stop()]);
});

/** An S3 client that gives up after one attempt, so injected failures reach the handler. */
function fragileS3(endpoint: string): S3Client {
  return new S3Client({
    region: TEST_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/**
 * `count` records of two events over three collector hours, with late events sprinkled in; every fifth record
 * has an invalid event (a bad row in the same hour, so most segments write a good and a bad object), and one
 * record is undecodable. Resolves with every event id.
 */
async function load(stream: string, count: number): Promise<string[]> {
  const base = Date.UTC(2024, 4, 1, 10, 0, 0);
  const ids: string[] = [];
  const records = Array.from({ length: count }, (_, i) => {
    const pair = [0, 1].map((j) => `00000000-0000-4000-8000-${String(i * 2 + j).padStart(12, '0')}`);
    ids.push(...pair);
    const hour = Math.floor((i * 3) / count);
    const late = i % 97 === 50 && hour > 0 ? -1 : 0;
    const invalid = new Set(i % 5 === 0 ? [pair[1]] : []);
    return { data: rawPayload(pair, base + (hour + late) * 3_600_000 + (i % 1000), invalid), key: `k${i % 17}` };
  });
  records.splice(count / 2, 0, { data: Buffer.from('garbage'), key: 'g' });
  await putRecords(kinesis, stream, records);
  return ids;
}

async function scenario(opts: {
  failureRate: number;
  bisectOnError: boolean;
  store: 'dynamodb' | 's3' | 'none';
  redeliveryRate?: number;
  count?: number;
  /** Failure rate of reads of the shard position (S3 store), when it differs from failureRate. */
  positionReadFailureRate?: number;
}): Promise<{ report: ReturnType<typeof exactlyOnceReport>; sim: EsmSimulator; proxy: FaultyProxy; badLines: number }> {
  n++;
  const stream = `lambda-raw-${n}`;
  const bucket = `lambda-out-${n}`;
  await createStream(kinesis, stream, 1);
  await createBucket(s3, bucket);
  const ids = await load(stream, opts.count ?? 1500);
  const proxy = new FaultyProxy(s3rver.endpoint, n);
  const viaProxy = fragileS3(await proxy.start());
  proxy.failureRate = opts.failureRate;
  if (opts.positionReadFailureRate !== undefined) {
    const rate = opts.positionReadFailureRate;
    proxy.failureRateFor = (method, url) => (method === 'GET' && url.includes('/_sleet/positions/') ? rate : undefined);
  }
  const store: CheckpointStore | undefined =
    opts.store === 'dynamodb' ? positions : opts.store === 's3' ? new S3CheckpointStore(viaProxy, bucket, '_sleet/positions') : undefined;
  const handler = createKinesisHandler({
    enrich: bindEnrich(thriftEnrichPayload, TEST_ENRICH_DEPS),
    sink: new S3Sink(viaProxy, { bucket }),
    checkpoints: store,
    prefix: 'enriched',
    retry: { initialDelayMs: 2, maxDelayMs: 10, maxAttempts: 2 },
    log: silentLogger(),
  });
  const sim = new EsmSimulator(kinesis, handler, {
    stream,
    shardId: 'shardId-000000000000',
    batchSize: 400,
    bisectOnError: opts.bisectOnError,
    maxRetryAttempts: 10_000,
    redeliveryRate: opts.redeliveryRate,
    seed: n,
  });
  try {
    await sim.drain();
  } finally {
    viaProxy.destroy();
    await proxy.stop();
  }
  const objects = await readObjects(s3, bucket, 'enriched/');
  const badLines = [...objects].filter(([k]) => k.startsWith('enriched/bad/')).reduce((a, [, l]) => a + l.length, 0);
  return { report: exactlyOnceReport(ids, countEventIds(objects)), sim, proxy, badLines };
}

it('is exactly-once with S3 failing 30% of requests: partial batch responses and retries', async () => {
  const { report, sim, proxy, badLines } = await scenario({ failureRate: 0.3, bisectOnError: false, store: 'dynamodb' });
  expect(report).toEqual({ expected: 3000, lost: 0, duplicated: 0, unexpected: 0 });
  expect(badLines).toBe(301);
  expect(proxy.failed).toBeGreaterThan(0);
  expect(sim.stats.partialFailures).toBeGreaterThan(0);
  expect(sim.stats.discarded).toEqual([]);
});

it('is exactly-once when position reads fail too: thrown errors, bisected batches', async () => {
  const { report, sim, badLines } = await scenario({ failureRate: 0.3, bisectOnError: true, store: 's3', positionReadFailureRate: 0.15, count: 1000 });
  expect(report).toEqual({ expected: 2000, lost: 0, duplicated: 0, unexpected: 0 });
  expect(badLines).toBe(201);
  expect(sim.stats.bisections).toBeGreaterThan(0);
  expect(sim.stats.partialFailures).toBeGreaterThan(0);
  expect(sim.stats.discarded).toEqual([]);
});

it('skips ranges delivered again after they were committed', async () => {
  const { report, sim } = await scenario({ failureRate: 0.1, bisectOnError: true, store: 'dynamodb', redeliveryRate: 0.7 });
  expect(sim.stats.redeliveries).toBeGreaterThan(0);
  expect(report).toEqual({ expected: 3000, lost: 0, duplicated: 0, unexpected: 0 });
});

it("without a position store, Lambda's in-order retries and bisection alone still give exactly-once", async () => {
  const { report, sim } = await scenario({ failureRate: 0.3, bisectOnError: true, store: 'none' });
  expect(sim.stats.partialFailures).toBeGreaterThan(0);
  expect(report).toEqual({ expected: 3000, lost: 0, duplicated: 0, unexpected: 0 });
});

it('turns hostile records into bad rows and never fails the batch for them', async () => {
  n++;
  const bucket = `lambda-out-${n}`;
  await createBucket(s3, bucket);
  const handler = createKinesisHandler({
    enrich: bindEnrich(thriftEnrichPayload, TEST_ENRICH_DEPS),
    sink: new S3Sink(s3, { bucket }),
    prefix: '',
    retry: { initialDelayMs: 2, maxDelayMs: 10, maxAttempts: 2 },
    log: silentLogger(),
  });
  expect(await handler({ Records: [] })).toEqual({ batchItemFailures: [] });
  const arrival = new Date(Date.UTC(2024, 0, 1, 5));
  const hostile = [Buffer.alloc(0), Buffer.from('%%%not base64 either'), Buffer.alloc(70_000, 0xff)].map((data, i) =>
    toEventRecord({ PartitionKey: 'p', SequenceNumber: String(100 + i), Data: data, ApproximateArrivalTimestamp: arrival }, 'odd', 'shardId-000000000007'),
  );
  const res = await handler({ Records: [...hostile, { ...hostile[0], kinesis: { ...hostile[0].kinesis, data: '!!!', sequenceNumber: '99' } }] });
  expect(res).toEqual({ batchItemFailures: [] });
  const objects = await readObjects(s3, bucket);
  expect([...objects.keys()]).toEqual(['bad/dt=2024-01-01/hr=05/odd-shardId-000000000007-99.jsonl.gz']);
  expect(objects.get('bad/dt=2024-01-01/hr=05/odd-shardId-000000000007-99.jsonl.gz')).toHaveLength(4);
});
