/**
 * What every collector sink is (Kinesis, local memory, file): it takes records and says when they are durable.
 * Sinks never drop a record and never reject a write because of sink trouble: they retry. Callers that cannot wait
 * (an HTTP request with a deadline) stop waiting; the record is still delivered later.
 */
export interface SinkRecord {
  /** Encoded Thrift CollectorPayload (good sink) or bad-row JSON (bad sink). */
  readonly data: Buffer;
  readonly partitionKey: string;
}

export type HealthListener = (healthy: boolean) => void;

/** A sink's health, with change notifications (used by /sink-health and by durable waiters). */
export class SinkHealth {
  #healthy: boolean;
  #listeners: HealthListener[] = [];

  constructor(initial: boolean) {
    this.#healthy = initial;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  /** Sets the state; listeners run only on a change. Returns true when it changed. */
  set(healthy: boolean): boolean {
    if (healthy === this.#healthy) return false;
    this.#healthy = healthy;
    for (const l of this.#listeners) l(healthy);
    return true;
  }

  onChange(listener: HealthListener): void {
    this.#listeners.push(listener);
  }
}

export interface RecordSink {
  /** Short name for logs and metric labels (`good`, `bad`). */
  readonly name: string;
  readonly health: SinkHealth;
  /** Resolves once every record is durable in the sink. Never rejects because of sink trouble. */
  write(records: readonly SinkRecord[]): Promise<void>;
  /** Starts background work (startup checks). Idempotent. */
  start(): Promise<void>;
  /** Sends what is buffered now and resolves once nothing is pending; stops background work. */
  stop(): Promise<void>;
  /** Records accepted by write() and not yet durable. */
  pendingRecords(): number;
}
