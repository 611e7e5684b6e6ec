/**
 * The standalone consumer against real wire protocols: kinesalite (Kinesis), s3rver (S3), dynalite (DynamoDB).
 * Issue #5 "Tests that must exist": resharding, restart/resume, S3 outage → no checkpoint advance, recovery.
 */
import { DescribeStreamSummaryCommand, KinesisClient, MergeShardsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { silentLogger } from '../../../common/logger';
import {
  createBucket,
  createStream,
  dynamoClient,
  kinesisClient,
  s3Client,
  startEmulator,
  type Emulator,
} from '../../../test/harness/emulators';
import { DynamoDbCheckpointStore } from '../../batching/checkpoints/dynamodb-checkpoint-store';
import { CheckpointConflictError } from '../../batching/checkpoints/checkpoint-store';
import { S3Sink } from '../../sinks/s3-sink';
import { bindEnrich } from '../enrich-records';
import {
  countEventIds,
  exactlyOnceReport,
  lastSequenceByShard,
  newEventIds,
  putRecords,
  rawPayload,
  readObjects,
  TEST_ENRICH_DEPS,
  waitFor,
} from '../test-support/pipeline-fixtures';
import { RecordingSink } from '../test-support/recording-sink';
import { thriftEnrichPayload } from '../test-support/thrift-enrich-payload';
import { KinesisConsumer, type KinesisConsumerOptions } from './kinesis-consumer';

jest.setTimeout(60_000);

let kinesalite: Emulator;
let s3rver: Emulator;
let dynalite: Emulator;
let kinesis: KinesisClient;
let s3: S3Client;
let store: DynamoDbCheckpointStore;
let n = 0;

const OPTIONS: Omit<KinesisConsumerOptions, 'stream' | 'prefix'> = {
  initialPosition: 'TRIM_HORIZON',
  policy: { flushMaxAgeSecs: 0.3, flushMaxBytes: 1 << 20 },
  retry: { initialDelayMs: 20, maxDelayMs: 300, maxAttempts: Infinity },
  maxRecordsPerRead: 1000,
  idlePollMillis: 50,
  minReadIntervalMillis: 0,
  shardDiscoveryIntervalMillis: 200,
};

beforeAll(async () => {
  [kinesalite, s3rver, dynalite] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver'), startEmulator('dynalite')]);
  kinesis = kinesisClient(kinesalite.endpoint);
  s3 = s3Client(s3rver.endpoint);
  store = new DynamoDbCheckpointStore(dynamoClient(dynalite.endpoint), 'sleet-checkpoints');
  await store.ensureTable();
});

afterAll(async () => {
  kinesis?.destroy();
  s3?.destroy();
  await Promise.all([kinesalite?.stop(), s3rver?.stop(), dynalite?.stop()]);
});

async function fresh(shards: number): Promise<{ stream: string; bucket: string }> {
  n++;
  const stream = `raw-${n}`;
  const bucket = `sleet-out-${n}`;
  await createStream(kinesis, stream, shards);
  await createBucket(s3, bucket);
  return { stream, bucket };
}

function consumer(stream: string, sink: RecordingSink | S3Sink, extra: Partial<KinesisConsumerOptions> = {}): KinesisConsumer {
  return new KinesisConsumer(
    { ...OPTIONS, stream, prefix: 'enriched', ...extra },
    { kinesis, checkpoints: store, sink, enrich: bindEnrich(thriftEnrichPayload, TEST_ENRICH_DEPS), log: silentLogger() },
  );
}

function events(count: number, perRecord = 2, timestamp?: number): { ids: string[]; records: Array<{ data: Buffer; key: string }> } {
  const ids: string[] = [];
  const records = Array.from({ length: count }, (_, i) => {
    const batch = newEventIds(perRecord);
    ids.push(...batch);
    return { data: rawPayload(batch, timestamp), key: `user-${i}` };
  });
  return { ids, records };
}

async function allPresent(bucket: string, ids: readonly string[]): Promise<Map<string, string[]> | undefined> {
  const objects = await readObjects(s3, bucket);
  const counts = countEventIds(objects);
  return ids.every((id) => counts.has(id)) ? objects : undefined;
}

it('writes every event exactly once under the documented layout and checkpoints each shard at its last record', async () => {
  const { stream, bucket } = await fresh(2);
  const { ids, records } = events(300);
  const garbage = [{ data: Buffer.from('not thrift at all'), key: 'g1' }, { data: Buffer.from([0x0b, 0x00]), key: 'g2' }];
  const puts = await putRecords(kinesis, stream, [...records, ...garbage]);
  const c = consumer(stream, new S3Sink(s3, { bucket }));
  await c.start();
  const objects = await waitFor(() => allPresent(bucket, ids), 20_000, 'all events in S3');
  await waitFor(async () => (await readObjects(s3, bucket, 'enriched/bad/')).size > 0 || undefined, 10_000, 'bad rows');
  await c.stop();

  const final = await readObjects(s3, bucket);
  expect(exactlyOnceReport(ids, countEventIds(final))).toEqual({ expected: 600, lost: 0, duplicated: 0, unexpected: 0 });
  for (const key of final.keys()) {
    expect(key).toMatch(/^enriched\/(good\/dt=\d{4}-\d\d-\d\d\/hr=\d\d\/raw-\d+-shardId-\d{12}-\d+\.tsv\.gz|bad\/dt=\d{4}-\d\d-\d\d\/hr=\d\d\/raw-\d+-shardId-\d{12}-\d+\.jsonl\.gz)$/);
  }
  const badLines = [...final].filter(([k]) => k.includes('/bad/')).flatMap(([, l]) => l);
  expect(badLines).toHaveLength(2);
  for (const line of badLines) {
    expect(JSON.parse(line)).toMatchObject({ schema: 'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0' });
  }
  expect(objects.size).toBeGreaterThan(0);
  for (const [shardId, last] of lastSequenceByShard(puts)) {
    const cp = await store.load(stream, shardId);
    expect(cp?.state).toMatchObject({ sequenceNumber: last, shardEnded: false });
    expect(cp?.state.pending).toBeUndefined();
  }
});

it('cuts a batch wherever the collector hour changes, late events included', async () => {
  const { stream, bucket } = await fresh(1);
  const h10 = Date.UTC(2024, 4, 1, 10, 59, 58);
  const h11 = Date.UTC(2024, 4, 1, 11, 0, 1);
  const spec = [h10, h10, h11, h11, h10];
  const recs = spec.map((ts, i) => ({ data: rawPayload([`00000000-0000-4000-8000-00000000000${i}`], ts), key: 'k' }));
  const puts = await putRecords(kinesis, stream, recs);
  const c = consumer(stream, new S3Sink(s3, { bucket }), { policy: { flushMaxAgeSecs: 5, flushMaxBytes: 1 << 20 } });
  await c.start();
  const seq = puts.map((p) => p.sequenceNumber);
  const shard = puts[0].shardId;
  const expected = new Map([
    [`enriched/good/dt=2024-05-01/hr=10/${stream}-${shard}-${seq[0]}.tsv.gz`, 2],
    [`enriched/good/dt=2024-05-01/hr=11/${stream}-${shard}-${seq[2]}.tsv.gz`, 2],
  ]);
  const objects = await waitFor(async () => {
    const o = await readObjects(s3, bucket);
    return [...expected.keys()].every((k) => o.has(k)) ? o : undefined;
  }, 15_000, 'hour-cut objects');
  await c.stop(); // flushes the open batch with the late H10 event
  const final = await readObjects(s3, bucket);
  expect([...final.keys()].sort()).toEqual(
    [...expected.keys(), `enriched/good/dt=2024-05-01/hr=10/${stream}-${shard}-${seq[4]}.tsv.gz`].sort(),
  );
  for (const [k, count] of expected) expect(objects.get(k)).toHaveLength(count);
});

it('follows a SplitShard: the parent is read to its end and committed before its children start', async () => {
  const { stream, bucket } = await fresh(1);
  const before = events(120);
  await putRecords(kinesis, stream, before.records);
  await kinesis.send(
    new SplitShardCommand({ StreamName: stream, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' }),
  );
  await waitFor(async () => {
    const { StreamDescriptionSummary: d } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    return d?.StreamStatus === 'ACTIVE' || undefined;
  }, 10_000, 'stream ACTIVE after split');
  const after = events(120);
  const afterPuts = await putRecords(kinesis, stream, after.records);
  expect(new Set(afterPuts.map((p) => p.shardId))).toEqual(new Set(['shardId-000000000001', 'shardId-000000000002']));

  const sink = new RecordingSink(new S3Sink(s3, { bucket }));
  const c = consumer(stream, sink);
  await c.start();
  await waitFor(() => allPresent(bucket, [...before.ids, ...after.ids]), 20_000, 'all events after split');
  await c.stop();

  const final = await readObjects(s3, bucket);
  expect(exactlyOnceReport([...before.ids, ...after.ids], countEventIds(final))).toEqual({ expected: 480, lost: 0, duplicated: 0, unexpected: 0 });
  const order = sink.puts.map((p) => (p.key.includes('shardId-000000000000') ? 'parent' : 'child'));
  expect(order.lastIndexOf('parent')).toBeLessThan(order.indexOf('child'));
  expect((await store.load(stream, 'shardId-000000000000'))?.state.shardEnded).toBe(true);
  expect(c.finishedShards.has('shardId-000000000000')).toBe(true);
});

it('follows a MergeShards: both parents are finished before the merged child starts', async () => {
  const { stream, bucket } = await fresh(2);
  const before = events(100);
  await putRecords(kinesis, stream, before.records);
  await kinesis.send(
    new MergeShardsCommand({ StreamName: stream, ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }),
  );
  await waitFor(async () => {
    const { StreamDescriptionSummary: d } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    return d?.StreamStatus === 'ACTIVE' || undefined;
  }, 10_000, 'stream ACTIVE after merge');
  const after = events(100);
  const afterPuts = await putRecords(kinesis, stream, after.records);
  expect(new Set(afterPuts.map((p) => p.shardId))).toEqual(new Set(['shardId-000000000002']));

  const sink = new RecordingSink(new S3Sink(s3, { bucket }));
  const c = consumer(stream, sink);
  await c.start();
  await waitFor(() => allPresent(bucket, [...before.ids, ...after.ids]), 20_000, 'all events after merge');
  await c.stop();

  expect(exactlyOnceReport([...before.ids, ...after.ids], countEventIds(await readObjects(s3, bucket)))).toEqual({ expected: 400, lost: 0, duplicated: 0, unexpected: 0 });
  const firstChildPut = sink.puts.findIndex((p) => p.key.includes('shardId-000000000002'));
  const parentPuts = sink.puts.map((p, i) => [p.key, i] as const).filter(([k]) => !k.includes('shardId-000000000002'));
  expect(parentPuts.length).toBeGreaterThan(0);
  expect(parentPuts.every(([, i]) => i < firstChildPut)).toBe(true);
});

it('resumes exactly after a restart: the second run writes no key of the first', async () => {
  const { stream, bucket } = await fresh(2);
  const first = events(100);
  await putRecords(kinesis, stream, first.records);
  const sinkA = new RecordingSink(new S3Sink(s3, { bucket }));
  const a = consumer(stream, sinkA);
  await a.start();
  await waitFor(() => allPresent(bucket, first.ids), 15_000, 'first run');
  await a.stop();

  const second = events(100);
  await putRecords(kinesis, stream, second.records);
  const sinkB = new RecordingSink(new S3Sink(s3, { bucket }));
  const b = consumer(stream, sinkB);
  await b.start();
  await waitFor(() => allPresent(bucket, second.ids), 15_000, 'second run');
  await b.stop();

  const keysA = new Set(sinkA.puts.map((p) => p.key));
  expect(sinkB.puts.filter((p) => keysA.has(p.key))).toEqual([]);
  const final = await readObjects(s3, bucket);
  expect(exactlyOnceReport([...first.ids, ...second.ids], countEventIds(final))).toEqual({ expected: 400, lost: 0, duplicated: 0, unexpected: 0 });
});

it('rebuilds a batch left pending by a crash with the same keys and the same bytes', async () => {
  const { stream, bucket } = await fresh(1);
  const { ids, records } = events(50);
  // Undecodable records add a bad-row object to the batch, so the "crash" can fall between its two objects.
  const garbage = [{ data: Buffer.from('garbage'), key: 'g' }];
  await putRecords(kinesis, stream, [...records, ...garbage]);
  const sinkA = new RecordingSink(new S3Sink(s3, { bucket }));
  sinkA.failAfter = 1; // the first object lands, then the process is "gone"
  const a = consumer(stream, sinkA);
  await a.start();
  await waitFor(async () => sinkA.puts.length > 0 || undefined, 10_000, 'first object of the doomed batch');
  await a.stop(0);
  const pending = (await store.load(stream, 'shardId-000000000000'))?.state.pending;
  expect(pending?.keys).toHaveLength(2);
  expect(pending!.keys).toContain(sinkA.puts[0].key);

  const sinkB = new RecordingSink(new S3Sink(s3, { bucket }));
  const b = consumer(stream, sinkB);
  await b.start();
  await waitFor(async () => sinkB.puts.length >= pending!.keys.length || undefined, 15_000, 'rebuilt batch');
  await b.stop();

  const rewritten = sinkB.puts.find((p) => p.key === sinkA.puts[0].key);
  expect(rewritten?.body.equals(sinkA.puts[0].body)).toBe(true);
  expect(sinkB.puts.map((p) => p.key).sort()).toEqual([...pending!.keys].sort());
  const final = await readObjects(s3, bucket);
  expect(exactlyOnceReport(ids, countEventIds(final))).toEqual({ expected: 100, lost: 0, duplicated: 0, unexpected: 0 });
  expect([...final.values()].flat()).toHaveLength(101);
});

it('does not move a checkpoint while S3 is down, and catches up once it is back', async () => {
  const { stream, bucket } = await fresh(1);
  const first = events(40);
  const firstPuts = await putRecords(kinesis, stream, first.records);
  const localS3 = s3Client(s3rver.endpoint);
  const c = consumer(stream, new S3Sink(localS3, { bucket }));
  await c.start();
  const beforeOutage = await waitFor(() => allPresent(bucket, first.ids), 15_000, 'events before the outage');
  await waitFor(
    async () => (await store.load(stream, 'shardId-000000000000'))?.state.sequenceNumber === firstPuts[firstPuts.length - 1].sequenceNumber || undefined,
    10_000,
    'checkpoint before the outage',
  );
  const port = s3rver.port;
  await s3rver.stop();
  const second = events(40);
  await putRecords(kinesis, stream, second.records);
  await new Promise((r) => setTimeout(r, 1500));
  const during = await store.load(stream, 'shardId-000000000000');
  expect(during?.state.sequenceNumber).toBe(firstPuts[firstPuts.length - 1].sequenceNumber);
  expect(during?.state.pending).toBeDefined(); // the batch is sealed and waiting for S3

  s3rver = await startEmulator('s3rver', { port });
  await createBucket(s3, bucket); // s3rver restarts empty
  const afterOutage = await waitFor(() => allPresent(bucket, second.ids), 20_000, 'events after the outage');
  await c.stop();
  localS3.destroy();
  const merged = new Map([...beforeOutage, ...afterOutage]);
  expect(exactlyOnceReport([...first.ids, ...second.ids], countEventIds(merged))).toEqual({ expected: 160, lost: 0, duplicated: 0, unexpected: 0 });
  const cp = await store.load(stream, 'shardId-000000000000');
  expect(cp?.state.pending).toBeUndefined();
  expect(BigInt(cp!.state.sequenceNumber!)).toBeGreaterThan(BigInt(firstPuts[firstPuts.length - 1].sequenceNumber));
});

it('stops with a conflict when another process takes the shard over', async () => {
  const { stream, bucket } = await fresh(1);
  const a = consumer(stream, new S3Sink(s3, { bucket }), { owner: 'a' });
  await a.start();
  await waitFor(async () => (await store.load(stream, 'shardId-000000000000'))?.state.owner === 'a' || undefined, 5000, 'a owns the shard');
  const b = consumer(stream, new S3Sink(s3, { bucket }), { owner: 'b' });
  await b.start();
  await waitFor(async () => (await store.load(stream, 'shardId-000000000000'))?.state.owner === 'b' || undefined, 5000, 'b owns the shard');
  const { ids, records } = events(10);
  await putRecords(kinesis, stream, records);
  try {
    await expect(a.done).rejects.toBeInstanceOf(CheckpointConflictError);
    await waitFor(() => allPresent(bucket, ids), 10_000, 'b writes the events');
  } finally {
    await Promise.all([a.stop(0), b.stop()]);
  }
  expect(exactlyOnceReport(ids, countEventIds(await readObjects(s3, bucket)))).toEqual({ expected: 20, lost: 0, duplicated: 0, unexpected: 0 });
});
