import { withRetries, type RetryOptions, type RetryPolicy } from '../../sinks/retry';
import { CheckpointConflictError, type CheckpointStore, type PendingBatch, type ShardCheckpoint } from './checkpoint-store';

/**
 * One shard's checkpoint as seen by the process that owns it. Claiming writes our owner id (a takeover: the previous
 * owner's next conditional write fails and it stops). Every later write is conditional on the version we wrote last;
 * transient store errors are retried, and a retried write whose first attempt did land is recognised, not mistaken
 * for a conflict.
 */
export class ShardCheckpointer {
  #state: ShardCheckpoint;
  #version: string;

  private constructor(
    private readonly store: CheckpointStore,
    readonly stream: string,
    readonly shardId: string,
    private readonly owner: string,
    state: ShardCheckpoint,
    version: string,
    private readonly retry: RetryPolicy,
    private readonly retryOpts: RetryOptions,
  ) {
    this.#state = state;
    this.#version = version;
  }

  static async claim(
    store: CheckpointStore,
    stream: string,
    shardId: string,
    owner: string,
    retry: RetryPolicy,
    retryOpts: RetryOptions = {},
  ): Promise<ShardCheckpointer> {
    return withRetries(
      async () => {
        const current = await store.load(stream, shardId);
        const state: ShardCheckpoint = { ...(current?.state ?? { shardEnded: false }), owner };
        const version = await store.save(stream, shardId, state, current?.version);
        return new ShardCheckpointer(store, stream, shardId, owner, state, version, retry, retryOpts);
      },
      retry,
      retryOpts,
    );
  }

  get state(): ShardCheckpoint {
    return this.#state;
  }

  /** Records the batch about to be written (before any of its objects). */
  async savePending(pending: PendingBatch): Promise<void> {
    await this.#write({ ...this.#state, pending });
  }

  /** Moves the checkpoint to `sequenceNumber` and clears the pending batch (after all its objects are durable). */
  async commit(sequenceNumber: string | undefined, shardEnded: boolean): Promise<void> {
    await this.#write({ sequenceNumber: sequenceNumber ?? this.#state.sequenceNumber, shardEnded, owner: this.owner });
  }

  async #write(next: ShardCheckpoint): Promise<void> {
    const clean = JSON.parse(JSON.stringify(next)) as ShardCheckpoint; // drops undefined members
    this.#version = await withRetries(
      async (attempt) => {
        try {
          return await this.store.save(this.stream, this.shardId, clean, this.#version);
        } catch (e) {
          if (!(e instanceof CheckpointConflictError) || attempt === 1) throw e;
          const now = await this.store.load(this.stream, this.shardId);
          if (now !== undefined && sameState(now.state, clean)) return now.version; // the earlier attempt landed
          throw e;
        }
      },
      this.retry,
      { ...this.retryOpts, isFatal: (e) => e instanceof CheckpointConflictError || (this.retryOpts.isFatal?.(e) ?? false) },
    );
    this.#state = clean;
  }
}

function sameState(a: ShardCheckpoint, b: ShardCheckpoint): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(s: ShardCheckpoint): unknown[] {
  return [s.sequenceNumber ?? null, s.shardEnded, s.owner ?? null, s.pending ?? null];
}
