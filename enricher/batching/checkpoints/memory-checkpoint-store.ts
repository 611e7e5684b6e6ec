import { CheckpointConflictError, type CheckpointStore, type ShardCheckpoint, type StoredCheckpoint } from './checkpoint-store';

/** Checkpoints in process memory, with the same conditional semantics; for unit tests and the local mode. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly description = 'memory';
  readonly #items = new Map<string, StoredCheckpoint>();

  async load(stream: string, shardId: string): Promise<StoredCheckpoint | undefined> {
    return this.#items.get(`${stream}/${shardId}`);
  }

  async save(stream: string, shardId: string, state: ShardCheckpoint, expected: string | undefined): Promise<string> {
    const id = `${stream}/${shardId}`;
    const current = this.#items.get(id);
    if (current?.version !== expected) throw new CheckpointConflictError(stream, shardId);
    const version = String(Number(expected ?? '0') + 1);
    this.#items.set(id, { state: structuredClone(state), version });
    return version;
  }
}
