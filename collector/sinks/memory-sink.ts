/**
 * Local in-process sink: the hand-over point between an embedded collector and whatever consumes its records
 * (the local embedded mode's enricher, tests). Records are queued in memory and handed over in batches of
 * encoded records; a write resolves only when the consumer acknowledged the batch holding its records, so the
 * collector's durable ack mode carries through to the consumer.
 *
 * Back-pressure: a consumer pulls one batch at a time (async iterator or `consume` callback). While it is busy,
 * records accumulate, their writes stay unresolved, and the collector's in-flight cap turns further requests into
 * 503s. A batch that is not acknowledged but released with `nack()` (or whose callback throws) is delivered again.
 */
import { Deque } from './deque';
import { RecordSink, SinkHealth, SinkRecord } from './sink';

export interface LocalBatch {
  readonly records: readonly SinkRecord[];
  /** The consumer has made the records durable (or is done with them): resolves the writers. */
  ack(): void;
  /** The consumer failed: the records are queued again, at the front. */
  nack(): void;
}

export interface MemorySinkOptions {
  readonly name: string;
  /** Largest batch handed to the consumer. */
  readonly maxBatchRecords?: number;
}

interface Entry {
  readonly record: SinkRecord;
  readonly done: () => void;
}

export class MemorySink implements RecordSink, AsyncIterable<LocalBatch> {
  readonly name: string;
  readonly health = new SinkHealth(true);
  readonly #maxBatch: number;
  readonly #queue = new Deque<Entry>();
  #pending = 0;
  #stopped = false;
  #pullers: Array<(b: LocalBatch | undefined) => void> = [];
  #idleWaiters: Array<() => void> = [];

  constructor(options: MemorySinkOptions) {
    this.name = options.name;
    this.#maxBatch = options.maxBatchRecords ?? 500;
  }

  pendingRecords(): number {
    return this.#pending;
  }

  write(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let remaining = records.length;
      const done = (): void => {
        if (--remaining === 0) resolve();
      };
      for (const record of records) this.#queue.push({ record, done });
      this.#pending += records.length;
      this.#serve();
    });
  }

  async start(): Promise<void> {}

  /** Resolves once every record was acknowledged; consumers then see the end of the iteration. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#serve();
    if (this.#pending === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The next batch (waits while the queue is empty); undefined once stopped and drained. */
  next(): Promise<LocalBatch | undefined> {
    return new Promise((resolve) => {
      this.#pullers.push(resolve);
      this.#serve();
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LocalBatch> {
    for (;;) {
      const batch = await this.next();
      if (batch === undefined) return;
      yield batch;
    }
  }

  /**
   * Calls `handler` with each batch, one at a time; records are acknowledged when it resolves and delivered again
   * after `retryDelayMs` when it throws. Returns a function that stops consuming (after the current batch).
   */
  consume(handler: (records: readonly SinkRecord[]) => Promise<void> | void, opts: { retryDelayMs?: number; onError?: (err: unknown) => void } = {}): () => void {
    let active = true;
    const loop = async (): Promise<void> => {
      while (active) {
        const batch = await this.next();
        if (batch === undefined) return;
        try {
          await handler(batch.records);
          batch.ack();
        } catch (err) {
          batch.nack();
          opts.onError?.(err);
          await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 1000));
        }
      }
    };
    void loop();
    return () => {
      active = false;
    };
  }

  /** Takes and acknowledges everything queued now (tests, simple consumers). */
  takeAll(): SinkRecord[] {
    const out: SinkRecord[] = [];
    while (this.#queue.length > 0) {
      const e = this.#queue.shift()!;
      out.push(e.record);
      this.#settle(e);
    }
    this.#checkIdle();
    return out;
  }

  #settle(e: Entry): void {
    this.#pending--;
    e.done();
  }

  #serve(): void {
    while (this.#pullers.length > 0) {
      if (this.#queue.length === 0) {
        if (this.#stopped && this.#pending === 0) {
          for (const p of this.#pullers.splice(0)) p(undefined);
        }
        return;
      }
      const entries: Entry[] = [];
      while (entries.length < this.#maxBatch && this.#queue.length > 0) entries.push(this.#queue.shift()!);
      const puller = this.#pullers.shift()!;
      let settled = false;
      puller({
        records: entries.map((e) => e.record),
        ack: () => {
          if (settled) return;
          settled = true;
          for (const e of entries) this.#settle(e);
          this.#checkIdle();
          this.#serve();
        },
        nack: () => {
          if (settled) return;
          settled = true;
          this.#queue.unshiftAll(entries);
          this.#serve();
        },
      });
    }
  }

  #checkIdle(): void {
    if (this.#pending !== 0) return;
    for (const w of this.#idleWaiters.splice(0)) w();
    if (this.#stopped) this.#serve();
  }
}
