import type { Logger } from '../../../common/logger';
import { BatchBuilder, type SealedBatch } from '../../batching/batch-builder';
import type { PendingBatch } from '../../batching/checkpoints/checkpoint-store';
import type { ShardCheckpointer } from '../../batching/checkpoints/shard-checkpointer';
import { isDue, isFull, type FlushPolicy } from '../../batching/flush-policy';
import type { ObjectSink } from '../../sinks/object-sink';
import { withRetries, type RetryPolicy } from '../../sinks/retry';
import { deleteStaleKeys, writeBatch } from '../../sinks/write-batch';
import { enrichRecords, type EnrichFn } from '../enrich-records';
import type { PipelineMetrics } from '../pipeline-metrics';
import type { ReadResult } from './shard-reader';

export interface ShardWorkerOptions {
  readonly stream: string;
  readonly shardId: string;
  /** Object key prefix. */
  readonly prefix: string;
  readonly policy: FlushPolicy;
  readonly retry: RetryPolicy;
  readonly gzipLevel?: number;
}

export interface ShardWorkerDeps {
  /** Opens the shard after the checkpoint (undefined: at the initial position). */
  readonly openReader: (after: string | undefined) => { read(): Promise<ReadResult> };
  readonly enrich: EnrichFn;
  readonly sink: ObjectSink;
  readonly checkpointer: ShardCheckpointer;
  readonly log: Logger;
  readonly metrics?: PipelineMetrics;
  readonly clock?: () => number;
  /** Stop reading, flush the open batch, return. */
  readonly stopSignal: AbortSignal;
  /** Give up retrying (hard stop): what is not committed stays uncommitted and is replayed on the next start. */
  readonly abortSignal: AbortSignal;
}

export type ShardOutcome = 'ended' | 'stopped';

/**
 * Reads one shard, enriches, batches and persists it. Each batch: cut at the hour change, at the size limit or at
 * the age limit; then (1) the pending range and its keys are saved in the checkpoint, (2) the objects are written,
 * (3) the checkpoint moves to the batch's last record. One batch persists while the next one fills; a third waits.
 * After a restart, a saved pending range is rebuilt exactly before anything else, so every key is written with the
 * same content again — a crash at any point neither loses nor duplicates a line.
 */
export class ShardWorker {
  readonly #opts: ShardWorkerOptions;
  readonly #deps: ShardWorkerDeps;
  readonly #builder: BatchBuilder;
  readonly #clock: () => number;
  #inflight: Promise<void> | undefined;
  #persistFailed = false;

  constructor(opts: ShardWorkerOptions, deps: ShardWorkerDeps) {
    this.#opts = opts;
    this.#deps = deps;
    this.#builder = new BatchBuilder({ prefix: opts.prefix, stream: opts.stream, shardId: opts.shardId });
    this.#clock = deps.clock ?? Date.now;
  }

  async run(): Promise<ShardOutcome> {
    const { checkpointer, log, metrics, stopSignal, abortSignal } = this.#deps;
    const { policy, retry, shardId } = this.#opts;
    const start = checkpointer.state;
    if (start.shardEnded) return 'ended';
    const reader = this.#deps.openReader(start.sequenceNumber);
    let replay: PendingBatch | undefined = start.pending;
    if (replay !== undefined) {
      log.info({ shardId, first: replay.firstSequenceNumber, last: replay.lastSequenceNumber }, 'rebuilding pending batch');
      metrics?.batchesReplayed.inc();
    }
    try {
      // One read ahead: the next GetRecords runs while this response is enriched (at most one extra response held).
      let next: Promise<ReadResult> | undefined = reader.read();
      while (!stopSignal.aborted && next !== undefined) {
        if (this.#persistFailed) await this.#drain(); // rethrows the failure (e.g. a lost lease) at once
        const res: ReadResult = await next;
        next = res.ended || stopSignal.aborted ? undefined : reader.read();
        if (res.millisBehindLatest !== undefined) metrics?.millisBehindLatest.set({ shard: shardId }, res.millisBehindLatest);
        if (res.records.length > 0) {
          metrics?.recordsRead.inc({ shard: shardId }, res.records.length);
          const etl = replay?.etlTimestamp ?? this.#builder.etlTimestamp ?? this.#clock();
          const enriched = await withRetries(() => enrichRecords(res.records, etl, this.#deps.enrich, `${this.#opts.stream}/${shardId}/`), retry, {
            signal: abortSignal,
            onRetry: (err, attempt) => log.error({ err, shardId, attempt }, 'enrichment failed (infrastructure), retrying'),
          });
          for (const rec of enriched) {
            if (replay !== undefined) {
              const seq = BigInt(rec.sequenceNumber);
              const last = BigInt(replay.lastSequenceNumber);
              if (seq <= last) {
                this.#builder.add(rec, this.#clock());
                if (seq === last) {
                  await this.#flush(replay);
                  replay = undefined;
                }
                continue;
              }
              // The pending range's tail no longer exists (trimmed): close it where the records end.
              if (!this.#builder.isEmpty) await this.#flush(replay);
              replay = undefined;
            }
            if (this.#builder.needsCutBefore(rec)) await this.#flush();
            this.#builder.add(rec, this.#clock());
            if (isFull(policy, this.#builder.size)) await this.#flush();
          }
        }
        if (res.ended) {
          if (!this.#builder.isEmpty) await this.#flush(replay);
          replay = undefined;
          await this.#drain();
          await checkpointer.commit(undefined, true);
          log.info({ shardId }, 'shard finished');
          return 'ended';
        }
        if (replay === undefined && !this.#builder.isEmpty && isDue(policy, this.#builder.openedAt, this.#clock())) {
          await this.#flush();
        }
      }
      // Graceful stop: flush what is open (a half-rebuilt pending batch stays pending: it is rebuilt next time).
      if (replay === undefined && !this.#builder.isEmpty) await this.#flush();
      await this.#drain();
      return 'stopped';
    } finally {
      await this.#inflight?.catch(() => undefined);
    }
  }

  /** Seals the open batch and starts persisting it once the previous one is committed. */
  async #flush(replayOf?: PendingBatch): Promise<void> {
    const batch = this.#builder.seal();
    const sealedAt = this.#clock();
    await this.#drain();
    const p = this.#persist(batch, replayOf, sealedAt);
    p.catch(() => {
      this.#persistFailed = true; // observed by #drain
    });
    this.#inflight = p;
  }

  async #drain(): Promise<void> {
    const p = this.#inflight;
    this.#inflight = undefined;
    await p;
  }

  async #persist(batch: SealedBatch, replayOf: PendingBatch | undefined, sealedAt: number): Promise<void> {
    const { sink, checkpointer, log, metrics, abortSignal } = this.#deps;
    const { retry, shardId, gzipLevel } = this.#opts;
    const keys = batch.objects.map((o) => o.key);
    const pending: PendingBatch = {
      firstSequenceNumber: batch.firstSequenceNumber,
      lastSequenceNumber: batch.lastSequenceNumber,
      etlTimestamp: batch.etlTimestamp,
      keys: replayOf === undefined ? keys : [...new Set([...replayOf.keys, ...keys])],
    };
    if (replayOf === undefined || pending.keys.length !== replayOf.keys.length) await checkpointer.savePending(pending);
    const onRetry = (err: unknown, attempt: number, delayMs: number): void => {
      metrics?.writeRetries.inc();
      log.warn({ err, shardId, attempt, delayMs }, 'object write failed, retrying');
    };
    const written = await writeBatch(sink, batch, retry, { signal: abortSignal, onRetry, gzipLevel });
    const stale = pending.keys.filter((k) => !keys.includes(k));
    if (stale.length > 0) {
      log.warn({ shardId, stale }, 'rebuilt batch no longer produces some keys; deleting them');
      await deleteStaleKeys(sink, stale, retry, { signal: abortSignal, onRetry });
    }
    await checkpointer.commit(batch.lastSequenceNumber, false);
    metrics?.committed(batch, written, sealedAt, this.#clock());
    log.debug(
      { shardId, first: batch.firstSequenceNumber, last: batch.lastSequenceNumber, records: batch.records, objects: written.objects },
      'batch committed',
    );
  }
}
