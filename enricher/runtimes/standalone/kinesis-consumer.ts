import { randomUUID } from 'node:crypto';
import type { KinesisClient, Shard } from '@aws-sdk/client-kinesis';
import type { Logger } from '../../../common/logger';
import { CheckpointConflictError, type CheckpointStore } from '../../batching/checkpoints/checkpoint-store';
import { ShardCheckpointer } from '../../batching/checkpoints/shard-checkpointer';
import type { FlushPolicy } from '../../batching/flush-policy';
import type { ObjectSink } from '../../sinks/object-sink';
import { sleep, withRetries, type RetryPolicy } from '../../sinks/retry';
import type { EnrichFn } from '../enrich-records';
import type { PipelineMetrics } from '../pipeline-metrics';
import { listShards, readyShards } from './list-shards';
import { ShardReader, type InitialPosition } from './shard-reader';
import { ShardWorker } from './shard-worker';

export interface KinesisConsumerOptions {
  readonly stream: string;
  readonly prefix: string;
  readonly initialPosition: InitialPosition;
  readonly policy: FlushPolicy;
  readonly retry: RetryPolicy;
  readonly maxRecordsPerRead: number;
  readonly idlePollMillis: number;
  readonly minReadIntervalMillis: number;
  /** How often ListShards runs to find children of split/merged shards (also right after a shard finishes). */
  readonly shardDiscoveryIntervalMillis: number;
  readonly gzipLevel?: number;
  /** Owner id written into checkpoints; defaults to a fresh random id per process. */
  readonly owner?: string;
}

export interface KinesisConsumerDeps {
  readonly kinesis: KinesisClient;
  readonly checkpoints: CheckpointStore;
  readonly sink: ObjectSink;
  readonly enrich: EnrichFn;
  readonly log: Logger;
  readonly metrics?: PipelineMetrics;
}

/**
 * The standalone consumer (`sleet enricher`): one process reading every shard of the stream. It lists the shards,
 * starts one ShardWorker per shard whose parents are finished (so a key's records reach S3 parent first), rescans
 * for children, and stops gracefully: stop() ends reading, flushes every open batch and waits for the checkpoints.
 * Scaling out is the Lambda path (docs/runtime.md); this one is deliberately single-process.
 */
export class KinesisConsumer {
  readonly #opts: KinesisConsumerOptions;
  readonly #deps: KinesisConsumerDeps;
  readonly #owner: string;
  readonly #stop = new AbortController();
  readonly #abort = new AbortController();
  readonly #running = new Map<string, Promise<void>>();
  readonly #finished = new Set<string>();
  #wake: (() => void) | undefined;
  #done: Promise<void> | undefined;
  #fatal: unknown;
  #abandoned = 0;

  constructor(opts: KinesisConsumerOptions, deps: KinesisConsumerDeps) {
    this.#opts = opts;
    this.#deps = deps;
    this.#owner = opts.owner ?? randomUUID();
  }

  /** Starts consuming; resolves once the first shard listing succeeded. `done` settles when the consumer ends. */
  async start(): Promise<void> {
    const first = await this.#list();
    this.#done = this.#loop(first);
  }

  /** Settles when the consumer has stopped: resolves after stop(), rejects on a fatal error (e.g. a lost lease). */
  get done(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  /** Shards whose last batch was given up at stop (after the abort deadline): they are rebuilt on the next start. */
  get abandonedShards(): number {
    return this.#abandoned;
  }

  /** Shards read to their end and committed so far. */
  get finishedShards(): ReadonlySet<string> {
    return this.#finished;
  }

  /**
   * Stops reading, flushes open batches, waits for every checkpoint. After `abortAfterMs` pending retries are
   * abandoned (whatever is not committed is rebuilt on the next start).
   */
  async stop(abortAfterMs = Infinity): Promise<void> {
    this.#stop.abort();
    this.#wake?.();
    const timer = Number.isFinite(abortAfterMs) ? setTimeout(() => this.#abort.abort(), abortAfterMs) : undefined;
    try {
      await this.#done?.catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  async #loop(initial: Shard[]): Promise<void> {
    const { log } = this.#deps;
    let shards = initial;
    while (!this.#stop.signal.aborted && this.#fatal === undefined) {
      for (const shardId of readyShards(shards, new Set(this.#running.keys()), this.#finished)) this.#startShard(shardId);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        sleep(this.#opts.shardDiscoveryIntervalMillis, this.#stop.signal).then(resolve);
      });
      this.#wake = undefined;
      if (this.#stop.signal.aborted || this.#fatal !== undefined) break;
      shards = await this.#list().catch((err: unknown) => {
        log.warn({ err }, 'ListShards failed; keeping the previous listing');
        return shards;
      });
    }
    if (this.#fatal !== undefined) {
      this.#stop.abort();
      this.#abort.abort();
    }
    await Promise.all(this.#running.values());
    if (this.#fatal !== undefined) throw this.#fatal;
  }

  #startShard(shardId: string): void {
    const { log } = this.#deps;
    const run = this.#runShard(shardId).then(
      (outcome) => {
        if (outcome === 'ended') this.#finished.add(shardId);
      },
      (err: unknown) => {
        if (this.#abort.signal.aborted && !(err instanceof CheckpointConflictError)) {
          log.warn({ shardId, err }, 'shard stopped before its batch was committed; it is rebuilt on the next start');
          this.#abandoned++;
          return;
        }
        log.error({ shardId, err }, 'shard worker failed; stopping the consumer');
        this.#fatal ??= err;
      },
    );
    this.#running.set(
      shardId,
      run.finally(() => {
        this.#running.delete(shardId);
        this.#wake?.();
      }),
    );
  }

  async #runShard(shardId: string): Promise<'ended' | 'stopped'> {
    const { kinesis, checkpoints, sink, enrich, metrics } = this.#deps;
    const o = this.#opts;
    const log = this.#deps.log.child({ shardId });
    const retryOpts = { signal: this.#abort.signal, onRetry: (err: unknown) => log.warn({ err }, 'checkpoint store call failed, retrying') };
    const checkpointer = await ShardCheckpointer.claim(checkpoints, o.stream, shardId, this.#owner, o.retry, retryOpts);
    log.info({ checkpoint: checkpointer.state.sequenceNumber ?? null, ended: checkpointer.state.shardEnded }, 'shard claimed');
    const worker = new ShardWorker(
      { stream: o.stream, shardId, prefix: o.prefix, policy: o.policy, retry: o.retry, gzipLevel: o.gzipLevel },
      {
        openReader: (after) =>
          new ShardReader(kinesis, {
            stream: o.stream,
            shardId,
            after,
            initialPosition: o.initialPosition,
            maxRecordsPerRead: o.maxRecordsPerRead,
            idlePollMillis: o.idlePollMillis,
            minReadIntervalMillis: o.minReadIntervalMillis,
            signal: this.#stop.signal,
            log,
          }),
        enrich,
        sink,
        checkpointer,
        log,
        metrics,
        stopSignal: this.#stop.signal,
        abortSignal: this.#abort.signal,
      },
    );
    return worker.run();
  }

  async #list(): Promise<Shard[]> {
    return withRetries(() => listShards(this.#deps.kinesis, this.#opts.stream, this.#stop.signal), this.#opts.retry, {
      signal: this.#stop.signal,
      onRetry: (err) => this.#deps.log.warn({ err }, 'ListShards failed, retrying'),
      // A stream that does not exist is a configuration error, not an outage.
      isFatal: (err) => (err as Error).name === 'ResourceNotFoundException',
    });
  }
}
