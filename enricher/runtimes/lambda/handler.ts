import type { Logger } from '../../../common/logger';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, LambdaContextLike } from './kinesis-event';
import { shardBatches } from './kinesis-event';
import { processShardBatch, type ShardBatchDeps } from './process-shard-batch';

export type KinesisHandler = (event: KinesisStreamEvent, context?: LambdaContextLike) => Promise<KinesisStreamBatchResponse>;

export type HandlerDeps = Omit<ShardBatchDeps, 'remainingMs'> & { readonly log: Logger };

/**
 * The Kinesis event source mapping handler: decode, enrich, write each shard's segments, and answer with a partial
 * batch response (FunctionResponseTypes: ReportBatchItemFailures). Bad input never fails a batch (it becomes bad
 * rows); only infrastructure faults do, reported from the first segment that is not durable. Errors before any
 * write (e.g. the position store unreachable) are thrown, so the mapping retries or bisects the whole batch.
 */
export function createKinesisHandler(deps: HandlerDeps): KinesisHandler {
  return async (event, context) => {
    const started = Date.now();
    const response: KinesisStreamBatchResponse = { batchItemFailures: [] };
    for (const batch of shardBatches(event)) {
      const outcome = await processShardBatch(batch, {
        ...deps,
        remainingMs: context === undefined ? undefined : () => context.getRemainingTimeInMillis(),
      });
      if (outcome.failedSequenceNumber !== undefined) response.batchItemFailures.push({ itemIdentifier: outcome.failedSequenceNumber });
      deps.log.info(
        {
          requestId: context?.awsRequestId,
          stream: batch.stream,
          shardId: batch.shardId,
          records: batch.records.length,
          skipped: outcome.skipped,
          segments: outcome.segments,
          good: outcome.good,
          bad: outcome.bad,
          failedAt: outcome.failedSequenceNumber ?? null,
          ms: Date.now() - started,
        },
        'batch processed',
      );
    }
    return response;
  };
}
