/**
 * The Lambda entry point (bundled by bundle.ts; handler `lambda/index.handler`). Everything expensive — config,
 * SDK clients, the Iglu resolver and the enrichments — is built once per container, on the first invocation, and
 * reused by every later one. A failed initialisation is retried on the next invocation.
 */
import { createLogger } from '../../../common/logger';
import type { CheckpointStore } from '../../batching/checkpoints/checkpoint-store';
import { DynamoDbCheckpointStore } from '../../batching/checkpoints/dynamodb-checkpoint-store';
import { S3CheckpointStore } from '../../batching/checkpoints/s3-checkpoint-store';
import { S3Sink } from '../../sinks/s3-sink';
import { createDynamoDbClient, createS3Client } from '../aws-clients';
import { loadEnrichRuntime } from '../load-enrich-runtime';
import { effectivePositionStore, loadLambdaConfig } from './config';
import { createKinesisHandler, type KinesisHandler } from './handler';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, LambdaContextLike } from './kinesis-event';

let ready: Promise<KinesisHandler> | undefined;

async function init(env: NodeJS.ProcessEnv): Promise<KinesisHandler> {
  const config = loadLambdaConfig(env);
  const log = createLogger({ level: config.logging.level, name: 'sleet-enricher-lambda' });
  const s3 = createS3Client(config.aws);
  let positions: CheckpointStore | undefined;
  const store = effectivePositionStore(config);
  if (store !== config.positions.type) {
    log.warn({ parallelizationFactor: config.parallelizationFactor }, 'ParallelizationFactor > 1: the shard position store is not used');
  }
  if (store === 's3') positions = new S3CheckpointStore(s3, config.positions.s3.bucket || config.output.s3.bucket, config.positions.s3.prefix);
  if (store === 'dynamodb') positions = new DynamoDbCheckpointStore(createDynamoDbClient(config.aws), config.positions.dynamodb.tableName);
  const runtime = await loadEnrichRuntime(config.enrich, { log, s3Client: s3 });
  log.info({ bucket: config.output.s3.bucket, prefix: config.output.prefix, positions: positions?.description ?? 'none' }, 'enricher ready');
  return createKinesisHandler({
    enrich: runtime.enrich,
    sink: new S3Sink(s3, {
      bucket: config.output.s3.bucket,
      prefix: config.output.prefix,
      multipartThresholdBytes: config.output.s3.multipartThresholdBytes,
      partSizeBytes: config.output.s3.partSizeBytes,
    }),
    checkpoints: positions,
    prefix: config.output.prefix,
    retry: config.retry,
    gzipLevel: config.output.gzipLevel,
    reserveMs: config.deadlineReserveMs,
    log,
  });
}

export async function handler(event: KinesisStreamEvent, context: LambdaContextLike): Promise<KinesisStreamBatchResponse> {
  ready ??= init(process.env).catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  const h = await ready;
  return h(event, context);
}
