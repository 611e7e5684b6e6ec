/**
 * Between a request and the sinks: decides whether a request's records are taken, and when the request may be
 * answered (docs/collector.md, "Durability").
 *
 * - durable (default): refused at once while a sink is unhealthy or the in-flight cap is reached; otherwise the
 *   answer waits until the good and bad sinks both made every record of the request durable. A wait that passes
 *   `timeoutMs`, or a sink that turns unhealthy during it, ends it with "unavailable": the records stay queued
 *   and are still delivered (the tracker's retry may then duplicate, never lose, the event).
 * - buffered: taken while the cap allows and answered at once, like Snowplow, but with bounded memory.
 */
import type { AckMode } from '../config/schema';
import { Deque } from '../sinks/deque';
import type { RecordSink, SinkRecord } from '../sinks/sink';
import { InFlightBudget } from './in-flight-budget';

export type Admission = 'stored' | 'queued' | 'unhealthy' | 'over-capacity' | 'timeout' | 'stopping';

export interface RecordGateOptions {
  readonly good: RecordSink;
  readonly bad: RecordSink;
  readonly budget: InFlightBudget;
  readonly mode: AckMode;
  readonly timeoutMs: number;
}

function bytesOf(records: readonly SinkRecord[]): number {
  let n = 0;
  for (const r of records) n += r.data.length;
  return n;
}

class Waiter {
  done = false;
  constructor(
    readonly deadline: number,
    private readonly resolve: (a: Admission) => void,
  ) {}

  /** Ends the wait; no-op when already ended. */
  finish(a: Admission): void {
    if (this.done) return;
    this.done = true;
    this.resolve(a);
  }
}

export class RecordGate {
  readonly #o: RecordGateOptions;
  /**
   * Durable waits in submit order, hence in deadline order (one timeout for all): a single timer ends the expired
   * ones, instead of one timer per request. Ended waits leave from the head (they mostly end in order).
   */
  readonly #waiters = new Deque<Waiter>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RecordGateOptions) {
    this.#o = options;
    const onHealth = (healthy: boolean): void => {
      if (healthy) return;
      const all: Waiter[] = [];
      while (this.#waiters.length > 0) all.push(this.#waiters.shift()!);
      for (const w of all) w.finish('unhealthy');
    };
    options.good.health.onChange(onHealth);
    options.bad.health.onChange(onHealth);
  }

  get mode(): 'durable' | 'buffered' {
    return this.#o.mode;
  }

  /** Refuses every later submit (shutdown); records already taken are unaffected. */
  close(): void {
    this.#closed = true;
  }

  healthy(): boolean {
    return this.#o.good.health.healthy && this.#o.bad.health.healthy;
  }

  /**
   * Hands a request's records to the sinks. Resolves (or returns at once) with:
   * `stored` (durable), `queued` (taken, not yet durable: buffered mode or `waitForDurable` false),
   * or a refusal/timeout for which the request gets 503.
   */
  submit(good: readonly SinkRecord[], bad: readonly SinkRecord[], waitForDurable: boolean): Admission | Promise<Admission> {
    if (this.#closed) return 'stopping';
    const durable = waitForDurable && this.#o.mode === 'durable';
    if (durable && !this.healthy()) return 'unhealthy';
    const bytes = bytesOf(good) + bytesOf(bad);
    if (!this.#o.budget.tryReserve(bytes)) return 'over-capacity';
    const release = (): void => this.#o.budget.release(bytes);
    let written: Promise<unknown>;
    try {
      written = bad.length === 0 ? this.#o.good.write(good) : Promise.all([this.#o.good.write(good), this.#o.bad.write(bad)]);
    } catch (err) {
      release();
      throw err;
    }
    if (!durable) {
      written.then(release, release);
      return 'queued';
    }
    return new Promise<Admission>((resolve) => {
      const waiter = new Waiter(Date.now() + this.#o.timeoutMs, resolve);
      while (this.#waiters.peek()?.done === true) this.#waiters.shift();
      this.#waiters.push(waiter);
      this.#armTimer();
      written.then(
        () => {
          release();
          waiter.finish('stored');
        },
        () => {
          release();
          waiter.finish('unhealthy');
        },
      );
    });
  }

  #armTimer(): void {
    if (this.#timer !== undefined) return;
    const head = this.#waiters.peek();
    if (head === undefined) return;
    this.#timer = setTimeout(() => this.#expire(), Math.max(1, head.deadline - Date.now()));
    // Waits keep the process alive through their requests, not through this timer.
    this.#timer.unref();
  }

  #expire(): void {
    this.#timer = undefined;
    const now = Date.now();
    for (let head = this.#waiters.peek(); head !== undefined && head.deadline <= now; head = this.#waiters.peek()) {
      this.#waiters.shift();
      head.finish('timeout');
    }
    this.#armTimer();
  }
}
