/**
 * `npm run bench:pipeline`: the enricher runtimes end to end on the local AWS emulators (kinesalite, s3rver,
 * dynalite — single-threaded servers on the same 2 cores, so absolute figures are a floor, not AWS's):
 *
 * 1. Standalone consumer throughput: RECORDS realistic raw records (bench/enricher-mix.ts) pre-loaded into a
 *    2-shard stream, consumed to S3 with DynamoDB checkpoints; records/s and events/s until every shard's
 *    checkpoint reaches its last record. Baseline in the same run: reading the same records back with
 *    GetRecords alone (no enrichment, no writes) — the ratio shows what enrichment + batching + S3 cost.
 * 2. Freshness: the real collector (durable mode) → kinesalite → consumer → s3rver; for each event, from the
 *    collector's receipt (collector_tstamp) to the moment its object is listed in S3, at FRESHNESS_FLUSH_SECS.
 * 3. Lambda handler: one invocation on a 10,000-record Kinesis event (real enrichment, objects to s3rver,
 *    DynamoDB position store); events/s per invocation. Baseline: enrichment alone on the same records.
 *
 * Env: BENCH_RECORDS (default 40000), BENCH_FRESHNESS_FLUSH_SECS (default 5), BENCH_FRESHNESS_SECS (default 15).
 */
import { randomUUID } from 'node:crypto';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { silentLogger } from '../common/logger';
import { SLEET_VERSION } from '../common/version';
import { buildCollectorConfig } from '../collector/config/load';
import { startCollector } from '../collector/main';
import type { EnrichDeps } from '../enricher/api';
import { enrichPayload } from '../enricher/enrich-payload';
import { EMPTY_REGISTRY } from '../enricher/enrichments/enrichment';
import { createIgluValidator } from '../enricher/iglu';
import { DynamoDbCheckpointStore } from '../enricher/batching/checkpoints/dynamodb-checkpoint-store';
import { S3Sink } from '../enricher/sinks/s3-sink';
import { bindEnrich, enrichRecords, type EnrichFn } from '../enricher/runtimes/enrich-records';
import { createKinesisHandler } from '../enricher/runtimes/lambda/handler';
import { toEventRecord } from '../enricher/runtimes/lambda/test-support/esm-simulator';
import { KinesisConsumer } from '../enricher/runtimes/standalone/kinesis-consumer';
import { putRecords, readObjects } from '../enricher/runtimes/test-support/pipeline-fixtures';
import { createBucket, createStream, dynamoClient, kinesisClient, s3Client, startEmulator } from '../test/harness/emulators';
import { buildEnricherMix, writeEmbeddedRepository } from './enricher-mix';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 40_000);
const FRESHNESS_FLUSH_SECS = Number(process.env.BENCH_FRESHNESS_FLUSH_SECS ?? 5);
const FRESHNESS_SECS = Number(process.env.BENCH_FRESHNESS_SECS ?? 15);
const LAMBDA_BATCH = 10_000;
const EVENT_ID_COLUMN = 6;
const COLLECTOR_TSTAMP_COLUMN = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function consumerFor(stream: string, kinesis: KinesisClient, s3: S3Client, bucket: string, store: DynamoDbCheckpointStore, enrich: EnrichFn, flushMaxAgeSecs: number): KinesisConsumer {
  return new KinesisConsumer(
    {
      stream,
      prefix: 'enriched',
      initialPosition: 'TRIM_HORIZON',
      policy: { flushMaxAgeSecs, flushMaxBytes: 32 * 1024 * 1024 },
      retry: { initialDelayMs: 100, maxDelayMs: 2000, maxAttempts: Infinity },
      maxRecordsPerRead: 10_000,
      idlePollMillis: 100,
      minReadIntervalMillis: 200,
      shardDiscoveryIntervalMillis: 5000,
    },
    { kinesis, checkpoints: store, sink: new S3Sink(s3, { bucket }), enrich, log: silentLogger() },
  );
}

async function readBack(kinesis: KinesisClient, stream: string): Promise<number> {
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  const counts = await Promise.all(
    shards.map(async (s) => {
      let it = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      let n = 0;
      while (it !== undefined) {
        const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
        n += out.Records?.length ?? 0;
        if ((out.Records?.length ?? 0) === 0) break;
        it = out.NextShardIterator;
      }
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const [kinesalite, s3rver, dynalite] = await Promise.all([startEmulator('kinesalite'), startEmulator('s3rver'), startEmulator('dynalite')]);
  const kinesis = kinesisClient(kinesalite.endpoint);
  const s3 = s3Client(s3rver.endpoint);
  const store = new DynamoDbCheckpointStore(dynamoClient(dynalite.endpoint), 'bench-checkpoints');
  await store.ensureTable();
  const deps: EnrichDeps = {
    iglu: createIgluValidator(writeEmbeddedRepository(), { bundledSchemasDir: false }),
    enrichments: EMPTY_REGISTRY,
    processor: { artifact: 'sleet', version: SLEET_VERSION },
    maxRecordBytes: 1_000_000,
  };
  const enrich = bindEnrich(enrichPayload, deps);
  const results: Record<string, unknown> = {};
  try {
    // 1. Standalone throughput.
    const mix = buildEnricherMix(Math.ceil(RECORDS / 0.9)).slice(0, RECORDS); // the mix skips 10 of 100 slots
    const warm = await enrichRecords(mix.slice(0, 2000).map((r, i) => ({ sequenceNumber: String(i + 1), data: r.bytes, arrivalTimestamp: Date.now() })), Date.now(), enrich);
    const eventsPerRecord = warm.reduce((a, r) => a + r.good.length + r.bad.length, 0) / warm.length;
    await createStream(kinesis, 'bench-raw', 2);
    await createBucket(s3, 'bench-out');
    let t = Date.now();
    const puts = await putRecords(kinesis, 'bench-raw', mix.map((r, i) => ({ data: r.bytes, key: `k${i}` })));
    const loadSecs = (Date.now() - t) / 1000;
    t = Date.now();
    const readBackRecords = await readBack(kinesis, 'bench-raw');
    const readBackSecs = (Date.now() - t) / 1000;
    const last = new Map<string, string>();
    for (const p of puts) last.set(p.shardId, p.sequenceNumber);
    const consumer = consumerFor('bench-raw', kinesis, s3, 'bench-out', store, enrich, 1);
    t = Date.now();
    await consumer.start();
    for (;;) {
      const states = await Promise.all([...last].map(async ([shard, seq]) => (await store.load('bench-raw', shard))?.state.sequenceNumber === seq));
      if (states.every(Boolean)) break;
      await sleep(100);
    }
    const consumeSecs = (Date.now() - t) / 1000;
    await consumer.stop();
    const objects = await readObjects(s3, 'bench-out', 'enriched/');
    const events = [...objects.values()].reduce((a, l) => a + l.length, 0);
    results.standalone = {
      records: RECORDS,
      eventsAndBadRows: events,
      eventsPerRecord: Number(eventsPerRecord.toFixed(2)),
      objects: objects.size,
      seconds: Number(consumeSecs.toFixed(2)),
      recordsPerSec: Math.round(RECORDS / consumeSecs),
      eventsPerSec: Math.round(events / consumeSecs),
      baselineGetRecordsOnlyRecordsPerSec: Math.round(readBackRecords / readBackSecs),
      ratioToBaseline: Number((RECORDS / consumeSecs / (readBackRecords / readBackSecs)).toFixed(2)),
      putRecordsLoadRecordsPerSec: Math.round(RECORDS / loadSecs),
    };
    console.error(`standalone: ${JSON.stringify(results.standalone)}`);

    // 2. Freshness: collector receipt → object listed in S3.
    await createStream(kinesis, 'fresh-raw', 1);
    await createStream(kinesis, 'fresh-bad', 1);
    await createBucket(s3, 'fresh-out');
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    const collector = await startCollector(
      buildCollectorConfig({
        interface: '127.0.0.1',
        port: 0,
        sink: { kinesis: { region: 'us-east-1', endpoint: kinesalite.endpoint, goodStream: 'fresh-raw', badStream: 'fresh-bad' } },
        metrics: { enabled: false },
      }),
      { log: silentLogger() },
    );
    const fresh = consumerFor('fresh-raw', kinesis, s3, 'fresh-out', store, enrich, FRESHNESS_FLUSH_SECS);
    await fresh.start();
    const visible = new Map<string, number>();
    const seen = new Set<string>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const listing = await s3.send(new ListObjectsV2Command({ Bucket: 'fresh-out', Prefix: 'enriched/good/' }));
        const now = Date.now();
        const fresh = (listing.Contents ?? []).map((o) => o.Key!).filter((k) => !seen.has(k));
        if (fresh.length > 0) {
          for (const k of fresh) seen.add(k);
          const all = await readObjects(s3, 'fresh-out', 'enriched/good/');
          for (const k of fresh) {
            for (const line of all.get(k) ?? []) {
              const f = line.split('\t');
              visible.set(f[EVENT_ID_COLUMN], now - Date.parse(`${f[COLLECTOR_TSTAMP_COLUMN].replace(' ', 'T')}Z`));
            }
          }
        }
        await sleep(250);
      }
    })();
    const sent: string[] = [];
    const until = Date.now() + FRESHNESS_SECS * 1000;
    const base = `http://127.0.0.1:${collector.port}/i?e=pv&p=web&tv=js-bench&aid=bench&url=${encodeURIComponent('https://shop.example/')}`;
    while (Date.now() < until) {
      const batch = Array.from({ length: 10 }, () => randomUUID());
      sent.push(...batch);
      await Promise.all(batch.map(async (eid) => (await fetch(`${base}&eid=${eid}`)).arrayBuffer()));
      await sleep(50);
    }
    const waitUntil = Date.now() + (FRESHNESS_FLUSH_SECS + 20) * 1000;
    while (sent.some((id) => !visible.has(id)) && Date.now() < waitUntil) await sleep(200);
    polling = false;
    await poller;
    await fresh.stop();
    await collector.stop();
    const lat = sent.filter((id) => visible.has(id)).map((id) => visible.get(id)! / 1000).sort((a, b) => a - b);
    results.freshness = {
      flushMaxAgeSecs: FRESHNESS_FLUSH_SECS,
      events: sent.length,
      visible: lat.length,
      p50Secs: Number(percentile(lat, 50).toFixed(2)),
      p95Secs: Number(percentile(lat, 95).toFixed(2)),
      maxSecs: Number(lat[lat.length - 1].toFixed(2)),
    };
    console.error(`freshness: ${JSON.stringify(results.freshness)}`);

    // 3. Lambda handler: one 10k-record invocation.
    await createBucket(s3, 'lambda-out');
    const lambdaMix = buildEnricherMix(Math.ceil((LAMBDA_BATCH * 2) / 0.9) + 100).slice(0, LAMBDA_BATCH * 2);
    const arrival = new Date();
    const eventFor = (offset: number, shardId: string) => ({
      Records: lambdaMix.slice(offset, offset + LAMBDA_BATCH).map((r, i) =>
        toEventRecord(
          { PartitionKey: `k${i}`, SequenceNumber: (49650000000000000000000000000000000000000000000000000000n + BigInt(offset + i)).toString(), Data: r.bytes, ApproximateArrivalTimestamp: arrival },
          'bench-raw',
          shardId,
        ),
      ),
    });
    const positions = new DynamoDbCheckpointStore(dynamoClient(dynalite.endpoint), 'bench-positions');
    await positions.ensureTable();
    const handler = createKinesisHandler({
      enrich,
      sink: new S3Sink(s3, { bucket: 'lambda-out' }),
      checkpoints: positions,
      prefix: 'enriched',
      retry: { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 3 },
      log: silentLogger(),
    });
    await handler(eventFor(0, 'shardId-000000000000'), { getRemainingTimeInMillis: () => 900_000 }); // warm container
    const invocation = eventFor(LAMBDA_BATCH, 'shardId-000000000001');
    if (invocation.Records.length !== LAMBDA_BATCH) throw new Error(`expected ${LAMBDA_BATCH} records, built ${invocation.Records.length}`);
    t = Date.now();
    const res = await handler(invocation, { getRemainingTimeInMillis: () => 900_000 });
    const invokeSecs = (Date.now() - t) / 1000;
    const inputs = invocation.Records.map((r) => ({ sequenceNumber: r.kinesis.sequenceNumber, data: Buffer.from(r.kinesis.data, 'base64'), arrivalTimestamp: arrival.getTime() }));
    t = Date.now();
    const enrichedOnly = await enrichRecords(inputs, Date.now(), enrich);
    const enrichSecs = (Date.now() - t) / 1000;
    const lambdaEvents = enrichedOnly.reduce((a, r) => a + r.good.length + r.bad.length, 0);
    results.lambda = {
      records: LAMBDA_BATCH,
      eventsAndBadRows: lambdaEvents,
      batchItemFailures: res.batchItemFailures.length,
      invocationSecs: Number(invokeSecs.toFixed(2)),
      eventsPerSecPerInvocation: Math.round(lambdaEvents / invokeSecs),
      baselineEnrichOnlyEventsPerSec: Math.round(lambdaEvents / enrichSecs),
      ratioToBaseline: Number((enrichSecs / invokeSecs).toFixed(2)),
    };
    console.error(`lambda: ${JSON.stringify(results.lambda)}`);
    results.rssMiB = Math.round(process.memoryUsage().rss / 1024 / 1024);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    kinesis.destroy();
    s3.destroy();
    await Promise.all([kinesalite.stop(), s3rver.stop(), dynalite.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:pipeline failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
