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

export class RecordGate {
  readonly #o: RecordGateOptions;
  readonly #waiters = new Set<(a: Admission) => void>();
  #closed = false;

  constructor(options: RecordGateOptions) {
    this.#o = options;
    const onHealth = (healthy: boolean): void => {
      if (healthy) return;
      for (const w of [...this.#waiters]) w('unhealthy');
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
    const written = bad.length === 0 ? this.#o.good.write(good) : Promise.all([this.#o.good.write(good), this.#o.bad.write(bad)]);
    const release = (): void => this.#o.budget.release(bytes);
    if (!durable) {
      written.then(release, release);
      return 'queued';
    }
    return new Promise<Admission>((resolve) => {
      let done = false;
      const finish = (a: Admission): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#waiters.delete(finish);
        resolve(a);
      };
      const timer = setTimeout(() => finish('timeout'), this.#o.timeoutMs);
      this.#waiters.add(finish);
      written.then(
        () => {
          release();
          finish('stored');
        },
        () => {
          release();
          finish('unhealthy');
        },
      );
    });
  }
}
