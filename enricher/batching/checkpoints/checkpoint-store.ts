/**
 * Per-shard progress of a consumer, kept in a durable store with conditional (compare-and-set) writes.
 *
 * Protocol of one batch (enricher/runtimes/standalone/shard-worker.ts):
 *   1. `pending` is saved: the exact range [first, last], its etl_tstamp and the keys it will write;
 *   2. the objects are written;
 *   3. the checkpoint moves to `last` and `pending` is cleared, in one write.
 * After a crash anywhere, the consumer resumes after `sequenceNumber`; if `pending` is set it rebuilds exactly that
 * batch (same records, same etl_tstamp → same keys, same bytes) before anything else.
 */
export interface PendingBatch {
  readonly firstSequenceNumber: string;
  readonly lastSequenceNumber: string;
  readonly etlTimestamp: number;
  /** Every key the batch writes; a replay deletes any of these it does not write again. */
  readonly keys: readonly string[];
}

export interface ShardCheckpoint {
  /** Last sequence number whose lines are all durable; absent before the first batch. */
  readonly sequenceNumber?: string;
  /** Set once a closed shard was read to its end and everything of it is durable. */
  readonly shardEnded: boolean;
  readonly pending?: PendingBatch;
  /** The process holding the shard (informational; exclusion comes from the versioned writes). */
  readonly owner?: string;
}

export interface StoredCheckpoint {
  readonly state: ShardCheckpoint;
  /** Opaque version token for the next conditional write. */
  readonly version: string;
}

export interface CheckpointStore {
  readonly description: string;
  load(stream: string, shardId: string): Promise<StoredCheckpoint | undefined>;
  /**
   * Writes `state` only if the stored version is still `expected` (undefined: only if nothing is stored yet).
   * Resolves with the new version; rejects with CheckpointConflictError when someone else wrote in between.
   */
  save(stream: string, shardId: string, state: ShardCheckpoint, expected: string | undefined): Promise<string>;
}

/** Another writer changed the checkpoint since we read it: this process no longer owns the shard. */
export class CheckpointConflictError extends Error {
  constructor(
    readonly stream: string,
    readonly shardId: string,
  ) {
    super(`checkpoint of ${stream}/${shardId} was changed by another writer`);
    this.name = 'CheckpointConflictError';
  }
}

/** JSON text of a pending batch (stores keep it as one string attribute). */
export function encodePending(p: PendingBatch | undefined): string | undefined {
  return p === undefined ? undefined : JSON.stringify(p);
}

export function decodePending(text: string | undefined): PendingBatch | undefined {
  if (text === undefined || text === '') return undefined;
  const v = JSON.parse(text) as PendingBatch;
  if (typeof v.firstSequenceNumber !== 'string' || typeof v.lastSequenceNumber !== 'string' || !Array.isArray(v.keys)) {
    throw new Error(`malformed pending batch in checkpoint: ${text.slice(0, 200)}`);
  }
  return v;
}
