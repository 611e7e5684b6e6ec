import type { Logger } from '../../../common/logger';
import { BatchBuilder, type SealedBatch } from '../../batching/batch-builder';
import { CheckpointConflictError, type CheckpointStore, type StoredCheckpoint } from '../../batching/checkpoints/checkpoint-store';
import { toEnrichedRecord, type EnrichedRecord } from '../../batching/enriched-record';
import type { ObjectSink } from '../../sinks/object-sink';
import type { RetryPolicy } from '../../sinks/retry';
import { writeBatch } from '../../sinks/write-batch';
import type { EnrichFn } from '../enrich-records';
import type { ShardBatch } from './kinesis-event';

export interface ShardBatchDeps {
  readonly enrich: EnrichFn;
  readonly sink: ObjectSink;
  /**
   * The shard's committed position (DynamoDB or S3), kept by the handler itself on top of Lambda's checkpoint:
   * records at or before it are skipped, so a redelivered range (retries, bisection, a lost ESM checkpoint) is
   * never written twice. Undefined disables it (then duplicates are avoided only for Lambda's documented
   * in-order retries).
   */
  readonly checkpoints?: CheckpointStore;
  readonly prefix: string;
  /** Bounded: an invocation has a deadline. */
  readonly retry: RetryPolicy;
  readonly gzipLevel?: number;
  readonly log: Logger;
  readonly clock?: () => number;
  /** Milliseconds left in the invocation; no new segment starts when fewer than `reserveMs` are left. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
}

export interface ShardBatchOutcome {
  /** Sequence number Lambda must retry from (reported as a batchItemFailure), or undefined when all is durable. */
  readonly failedSequenceNumber?: string;
  /** Records at or before the committed position (already durable from an earlier delivery). */
  readonly skipped: number;
  readonly segments: number;
  readonly good: number;
  readonly bad: number;
}

/**
 * One shard's records of an invocation. Records are cut into segments only where the collector hour changes; the
 * segments are written one after the other. The first segment starts right after the committed position, every
 * other one at an hour change: the same starts any redelivery produces, so the same keys are rewritten, never new
 * overlapping ones. On the first failure (an object not durable after the retries, an enrichment that rejected,
 * the deadline) the outcome names the segment's first record: Lambda checkpoints before it and retries from it.
 */
export async function processShardBatch(batch: ShardBatch, deps: ShardBatchDeps): Promise<ShardBatchOutcome> {
  const { stream, shardId } = batch;
  const clock = deps.clock ?? Date.now;
  const log = deps.log.child({ stream, shardId });
  const marker: StoredCheckpoint | undefined = await deps.checkpoints?.load(stream, shardId);
  const committed = marker?.state.sequenceNumber;
  const todo = committed === undefined ? batch.records : batch.records.filter((r) => BigInt(r.sequenceNumber) > BigInt(committed));
  const skipped = batch.records.length - todo.length;
  if (todo.length === 0) return { skipped, segments: 0, good: 0, bad: 0 };

  const etlTimestamp = clock();
  const settled = await Promise.allSettled(
    todo.map(async (r) => {
      const ctx = { etlTimestamp, arrivalTimestamp: r.arrivalTimestamp };
      return toEnrichedRecord(r.sequenceNumber, ctx, await deps.enrich(r.data, ctx, `${stream}/${shardId}/${r.sequenceNumber}`));
    }),
  );
  const enriched: EnrichedRecord[] = [];
  let enrichFailedAt: string | undefined;
  for (let i = 0; i < settled.length; i++) {
    const s = settled[i];
    if (s.status === 'rejected') {
      log.error({ err: s.reason, sequenceNumber: todo[i].sequenceNumber }, 'enrichment failed (infrastructure); retrying from this record');
      enrichFailedAt = todo[i].sequenceNumber;
      break;
    }
    enriched.push(s.value);
  }

  const segments: SealedBatch[] = [];
  const builder = new BatchBuilder({ prefix: deps.prefix, stream, shardId });
  for (const rec of enriched) {
    if (builder.needsCutBefore(rec)) segments.push(builder.seal());
    builder.add(rec, clock());
  }
  if (!builder.isEmpty) segments.push(builder.seal());

  let lastDurable: string | undefined;
  let failedAt: string | undefined;
  let good = 0;
  let bad = 0;
  for (const seg of segments) {
    if (deps.remainingMs !== undefined && deps.remainingMs() < (deps.reserveMs ?? 0)) {
      log.warn({ first: seg.firstSequenceNumber }, 'invocation deadline near; leaving the rest to the retry');
      failedAt = seg.firstSequenceNumber;
      break;
    }
    try {
      await writeBatch(deps.sink, seg, deps.retry, {
        gzipLevel: deps.gzipLevel,
        onRetry: (err, attempt) => log.warn({ err, attempt }, 'object write failed, retrying'),
      });
    } catch (err) {
      log.error({ err, first: seg.firstSequenceNumber }, 'segment not durable; reporting it as failed');
      failedAt = seg.firstSequenceNumber;
      break;
    }
    lastDurable = seg.lastSequenceNumber;
    good += seg.good;
    bad += seg.bad;
  }
  failedAt ??= enrichFailedAt;

  if (lastDurable !== undefined && deps.checkpoints !== undefined) {
    try {
      await deps.checkpoints.save(stream, shardId, { sequenceNumber: lastDurable, shardEnded: false }, marker?.version);
    } catch (err) {
      // The objects are durable but the position is not: retry everything from the first record; the redelivery
      // starts at the same place and rewrites the same keys.
      log.error({ err, conflict: err instanceof CheckpointConflictError }, 'committing the shard position failed');
      return { failedSequenceNumber: todo[0].sequenceNumber, skipped, segments: segments.length, good, bad };
    }
  }
  return { failedSequenceNumber: failedAt, skipped, segments: segments.length, good, bad };
}
