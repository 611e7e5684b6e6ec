/**
 * The standalone enricher process: builds every dependency from the config in one place (clients, sink, checkpoint
 * store, enrichment core, metrics), starts the consumer, and returns a handle whose stop() flushes and commits.
 */
import type { Logger } from '../../../common/logger';
import { createMetricsRegistry } from '../../../common/metrics';
import type { EnrichPayload } from '../../api';
import type { CheckpointStore } from '../../batching/checkpoints/checkpoint-store';
import { DynamoDbCheckpointStore } from '../../batching/checkpoints/dynamodb-checkpoint-store';
import { S3CheckpointStore } from '../../batching/checkpoints/s3-checkpoint-store';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { LocalDirSink } from '../../sinks/local-dir-sink';
import type { ObjectSink } from '../../sinks/object-sink';
import { S3Sink } from '../../sinks/s3-sink';
import { createDynamoDbClient, createKinesisClient, createS3Client } from '../aws-clients';
import { loadEnrichRuntime } from '../load-enrich-runtime';
import { startMetricsServer } from '../metrics-server';
import { PipelineMetrics } from '../pipeline-metrics';
import type { StandaloneConfig } from './config';
import { KinesisConsumer } from './kinesis-consumer';

export interface RunningEnricher {
  readonly consumer: KinesisConsumer;
  readonly metricsPort: number | undefined;
  /** Settles when the consumer ends (rejects on a fatal error such as a lost shard). */
  readonly done: Promise<void>;
  stop(abortAfterMs?: number): Promise<void>;
}

export interface StandaloneDeps {
  readonly log: Logger;
  /** Replaces enricher/enrich-payload.ts (tests of the runtime alone). */
  readonly enrichPayload?: EnrichPayload;
}

export async function startStandaloneEnricher(config: Readonly<StandaloneConfig>, deps: StandaloneDeps): Promise<RunningEnricher> {
  const log = deps.log.child({ component: 'enricher' });
  const registry = createMetricsRegistry();
  const metrics = new PipelineMetrics(registry);
  const kinesis = createKinesisClient(config.aws);
  const s3 = createS3Client(config.aws);

  const sink: ObjectSink =
    config.output.type === 's3'
      ? new S3Sink(s3, {
          bucket: config.output.s3.bucket,
          prefix: config.output.prefix,
          multipartThresholdBytes: config.output.s3.multipartThresholdBytes,
          partSizeBytes: config.output.s3.partSizeBytes,
        })
      : new LocalDirSink(config.output.local.directory);

  if (config.output.type === 's3') {
    // Fail fast on a bucket that does not exist or is not ours (an outage, by contrast, is retried at write time).
    try {
      await s3.send(new HeadBucketCommand({ Bucket: config.output.s3.bucket }));
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || status === 403) throw new Error(`output bucket ${config.output.s3.bucket}: ${status === 404 ? 'does not exist' : 'access denied'}`);
      log.warn({ err: e }, 'output bucket check failed; writes will be retried');
    }
  }

  let checkpoints: CheckpointStore;
  if (config.checkpoints.type === 'dynamodb') {
    const store = new DynamoDbCheckpointStore(createDynamoDbClient(config.aws), config.checkpoints.dynamodb.tableName);
    if (config.checkpoints.dynamodb.createTable) await store.ensureTable();
    checkpoints = store;
  } else {
    checkpoints = new S3CheckpointStore(s3, config.checkpoints.s3.bucket || config.output.s3.bucket, config.checkpoints.s3.prefix);
  }

  const runtime = await loadEnrichRuntime(config.enrich, { log, metrics: registry, s3Client: s3, enrichPayload: deps.enrichPayload });
  const consumer = new KinesisConsumer(
    {
      stream: config.input.streamName,
      prefix: config.output.prefix,
      initialPosition: config.input.initialPosition,
      policy: config.batching,
      retry: { ...config.retry, maxAttempts: Infinity },
      maxRecordsPerRead: config.input.maxRecordsPerRead,
      idlePollMillis: config.input.idlePollMillis,
      minReadIntervalMillis: config.input.minReadIntervalMillis,
      shardDiscoveryIntervalMillis: config.input.shardDiscoveryIntervalSecs * 1000,
      gzipLevel: config.output.gzipLevel,
    },
    { kinesis, checkpoints, sink, enrich: runtime.enrich, log, metrics },
  );
  const metricsServer = config.metrics.enabled ? await startMetricsServer(registry, config.metrics) : undefined;
  await consumer.start();
  log.info(
    { stream: config.input.streamName, output: sink.description, checkpoints: checkpoints.description, metricsPort: metricsServer?.port },
    'enricher consuming',
  );

  let stopping: Promise<void> | undefined;
  const stop = (abortAfterMs?: number): Promise<void> => {
    stopping ??= (async () => {
      await consumer.stop(abortAfterMs);
      await runtime.close();
      await metricsServer?.close();
      kinesis.destroy();
      s3.destroy();
    })();
    return stopping;
  };
  return { consumer, metricsPort: metricsServer?.port, done: consumer.done, stop };
}
