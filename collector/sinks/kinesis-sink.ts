/**
 * Kinesis sink: records are batched into PutRecords calls (≤ maxRecordsPerCall records, ≤ maxBytesPerCall bytes of
 * data + partition keys) and a write resolves only once Kinesis accepted every one of its records.
 *
 * Batching: an idle sink sends at the end of the current event-loop turn (every request read in that turn shares
 * the call); while calls are in flight, a batch waits up to `lingerMs` for more records (or until it is full), and
 * at most `maxConcurrentCalls` calls run. Light load gets one-call latency, heavy load gets full batches.
 *
 * Failures: entries a call did not store (whole-call errors, or per-record ErrorCodes such as
 * ProvisionedThroughputExceededException) go back to the front of the queue and the sink pauses for an exponential
 * backoff with jitter. After `maxRetries` consecutive calls that stored nothing, the stream is reported unhealthy;
 * records keep being retried — never dropped — and the first stored record makes it healthy again. A stream
 * starts unhealthy until DescribeStreamSummary reports it ACTIVE (checked again while unhealthy and idle).
 */
import { DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { Logger } from '../../common/logger';
import { backoffDelayMs } from './backoff';
import { Deque } from './deque';
import type { PutRecordsCall, PutRecordsResult } from './put-records-client';
import { RecordSink, SinkHealth, SinkRecord } from './sink';
import { NO_SINK_METRICS, SinkMetrics } from './sink-metrics';

/** Kinesis' own limit for one record: data plus partition key. */
export const KINESIS_MAX_RECORD_BYTES = 1_048_576;

export interface KinesisSinkOptions {
  readonly name: string;
  /** For DescribeStreamSummary, and for PutRecords unless `putRecords` is given. */
  readonly client: KinesisClient;
  /** PutRecords without the SDK (put-records-client.ts); default: the client's PutRecordsCommand. */
  readonly putRecords?: PutRecordsCall;
  readonly streamName: string;
  readonly maxRecordsPerCall: number;
  readonly maxBytesPerCall: number;
  readonly lingerMs: number;
  readonly maxConcurrentCalls: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxRetries: number;
  readonly healthCheckIntervalMs: number;
  readonly log: Logger;
  readonly metrics?: SinkMetrics;
  readonly random?: () => number;
}

interface Group {
  remaining: number;
  readonly resolve: () => void;
}

interface Entry {
  readonly record: SinkRecord;
  readonly size: number;
  readonly group: Group;
}

const KNOWN_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ResourceNotFoundException',
  'ValidationException',
  'AccessDeniedException',
  'LimitExceededException',
  'ExpiredIteratorException',
  'KMSThrottlingException',
  'KMSDisabledException',
  'KMSNotFoundException',
  'KMSAccessDeniedException',
  'KMSInvalidStateException',
  'KMSOptInRequired',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'TimeoutError',
]);

/** A bounded label for an error (metric cardinality stays fixed). */
export function errorType(err: unknown): string {
  const e = err as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof e?.name === 'string' && KNOWN_ERRORS.has(e.name)) return e.name;
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) return 'network';
  if (typeof e?.$metadata?.httpStatusCode === 'number' && e.$metadata.httpStatusCode >= 500) return 'http_5xx';
  return 'other';
}

export class KinesisSink implements RecordSink {
  readonly name: string;
  readonly health = new SinkHealth(false);
  readonly #o: KinesisSinkOptions;
  readonly #metrics: SinkMetrics;
  readonly #log: Logger;
  readonly #retryQueue = new Deque<Entry>();
  readonly #queue = new Deque<Entry>();
  #queuedBytes = 0;
  #pending = 0;
  #inFlight = 0;
  #lingerTimer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #lingerExpired = false;
  #pausedUntil = 0;
  #pauseTimer: NodeJS.Timeout | undefined;
  #failedCalls = 0;
  #partialCalls = 0;
  #flushing = false;
  #started = false;
  #stopped = false;
  #probing = false;
  #probeTimer: NodeJS.Timeout | undefined;
  #idleWaiters: Array<() => void> = [];
  #lastFailureLog = 0;

  constructor(options: KinesisSinkOptions) {
    this.#o = options;
    this.name = options.name;
    this.#metrics = options.metrics ?? NO_SINK_METRICS;
    this.#log = options.log.child({ sink: options.name, stream: options.streamName });
    this.health.onChange((healthy) => {
      this.#metrics.healthChanged(healthy);
      if (healthy) this.#log.info('kinesis stream healthy');
      else this.#log.warn({ failedCalls: this.#failedCalls }, 'kinesis stream unhealthy');
    });
    this.#metrics.healthChanged(false);
  }

  pendingRecords(): number {
    return this.#pending;
  }

  write(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) {
      if (r.data.length + r.partitionKey.length > KINESIS_MAX_RECORD_BYTES) {
        return Promise.reject(new Error(`record of ${r.data.length} bytes exceeds the Kinesis record limit (a bug: payloads are size-checked first)`));
      }
    }
    return new Promise<void>((resolve) => {
      const group: Group = { remaining: records.length, resolve };
      for (const record of records) {
        const size = record.data.length + record.partitionKey.length;
        this.#queue.push({ record, size, group });
        this.#queuedBytes += size;
      }
      this.#pending += records.length;
      this.#schedule();
    });
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#probeTimer = setInterval(() => this.#maybeProbe(), this.#o.healthCheckIntervalMs);
    this.#probeTimer.unref();
    this.#maybeProbe();
  }

  stop(): Promise<void> {
    this.#stopped = true;
    this.#flushing = true;
    if (this.#probeTimer !== undefined) clearInterval(this.#probeTimer);
    this.#probeTimer = undefined;
    this.#schedule();
    if (this.#pending === 0) {
      this.#clearTimers();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  #queuedCount(): number {
    return this.#queue.length + this.#retryQueue.length;
  }

  #schedule(): void {
    const o = this.#o;
    while (this.#inFlight < o.maxConcurrentCalls && this.#queuedCount() > 0) {
      const now = Date.now();
      if (now < this.#pausedUntil) {
        this.#armPause(this.#pausedUntil - now);
        return;
      }
      const full = this.#queuedCount() >= o.maxRecordsPerCall || this.#queuedBytes >= o.maxBytesPerCall;
      if (!full && !this.#flushing && !this.#lingerExpired) {
        // Not full: an idle stream sends at the end of this event-loop turn (so that a burst of requests read in
        // the same turn shares one call); a busy one lets the batch grow for up to lingerMs.
        if (this.#inFlight === 0 || o.lingerMs === 0) this.#armImmediate();
        else this.#armLinger();
        return;
      }
      this.#lingerExpired = false;
      this.#send(this.#takeBatch());
    }
    if (this.#queuedCount() === 0) this.#lingerExpired = false;
  }

  #armImmediate(): void {
    if (this.#immediate !== undefined) return;
    this.#immediate = setImmediate(() => {
      this.#immediate = undefined;
      this.#lingerExpired = true;
      this.#schedule();
    });
  }

  #armLinger(): void {
    if (this.#lingerTimer !== undefined) return;
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = undefined;
      this.#lingerExpired = true;
      this.#schedule();
    }, this.#o.lingerMs);
  }

  #armPause(ms: number): void {
    if (this.#pauseTimer !== undefined) return;
    this.#pauseTimer = setTimeout(() => {
      this.#pauseTimer = undefined;
      this.#schedule();
    }, ms);
  }

  #takeBatch(): Entry[] {
    const batch: Entry[] = [];
    let bytes = 0;
    for (const q of [this.#retryQueue, this.#queue]) {
      while (q.length > 0 && batch.length < this.#o.maxRecordsPerCall) {
        const e = q.peek()!;
        if (batch.length > 0 && bytes + e.size > this.#o.maxBytesPerCall) {
          this.#queuedBytes -= bytes;
          return batch;
        }
        q.shift();
        batch.push(e);
        bytes += e.size;
      }
    }
    this.#queuedBytes -= bytes;
    return batch;
  }

  #send(batch: Entry[]): void {
    this.#inFlight++;
    const started = performance.now();
    const records = batch.map((e) => e.record);
    const call = this.#o.putRecords === undefined ? this.#sdkPutRecords(records) : this.#o.putRecords(this.#o.streamName, records);
    call.then(
      (out) => this.#settle(batch, started, out, undefined),
      (err: unknown) => this.#settle(batch, started, undefined, err),
    );
  }

  #sdkPutRecords(records: readonly SinkRecord[]): Promise<PutRecordsResult> {
    const command = new PutRecordsCommand({ StreamName: this.#o.streamName, Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })) });
    return this.#o.client.send(command);
  }

  #settle(batch: Entry[], started: number, out: PutRecordsResult | undefined, err: unknown): void {
    this.#inFlight--;
    this.#metrics.call(batch.length, (performance.now() - started) / 1000);
    let failed: Entry[] = batch;
    let reason = err === undefined ? 'other' : errorType(err);
    if (out !== undefined) {
      if (!out.FailedRecordCount && (out.Records?.length ?? 0) === batch.length) {
        failed = [];
      } else {
        failed = [];
        const results = out.Records ?? [];
        for (let i = 0; i < batch.length; i++) {
          const r = results[i];
          if (r === undefined || r.ErrorCode !== undefined || r.SequenceNumber === undefined) {
            failed.push(batch[i]);
            if (r?.ErrorCode !== undefined) reason = KNOWN_ERRORS.has(r.ErrorCode) ? r.ErrorCode : 'other';
          }
        }
      }
    }
    const stored = batch.length - failed.length;
    if (stored > 0) {
      let bytes = 0;
      const skip = failed.length > 0 ? new Set(failed) : undefined;
      for (const e of batch) {
        if (skip?.has(e)) continue;
        bytes += e.record.data.length;
        this.#complete(e);
      }
      this.#metrics.sent(stored, bytes);
      this.health.set(true);
    }
    if (failed.length === 0) {
      this.#failedCalls = 0;
      this.#partialCalls = 0;
    } else {
      this.#onFailure(failed, stored, reason, err);
    }
    this.#schedule();
    this.#checkIdle();
  }

  #onFailure(failed: Entry[], stored: number, reason: string, err: unknown): void {
    if (stored === 0) this.#failedCalls++;
    else this.#partialCalls++;
    for (const e of failed) {
      this.#retryQueue.push(e);
      this.#queuedBytes += e.size;
    }
    this.#metrics.retried(failed.length, reason);
    const delay = backoffDelayMs(Math.max(this.#failedCalls, this.#partialCalls), this.#o.minBackoffMs, this.#o.maxBackoffMs, this.#o.random);
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + delay);
    if (this.#failedCalls > this.#o.maxRetries) this.health.set(false);
    const now = Date.now();
    if (now - this.#lastFailureLog >= 1000) {
      this.#lastFailureLog = now;
      this.#log.warn(
        { errorType: reason, failedRecords: failed.length, storedRecords: stored, failedCalls: this.#failedCalls, retryInMs: delay, err: err === undefined ? undefined : String((err as Error).message ?? err) },
        'PutRecords failed, retrying',
      );
    }
  }

  #complete(e: Entry): void {
    this.#pending--;
    if (--e.group.remaining === 0) e.group.resolve();
  }

  #checkIdle(): void {
    if (this.#pending !== 0) return;
    if (this.#stopped) this.#clearTimers();
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  #clearTimers(): void {
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    this.#lingerTimer = undefined;
    this.#pauseTimer = undefined;
  }

  /** DescribeStreamSummary while unhealthy and idle: ACTIVE makes the stream healthy. */
  #maybeProbe(): void {
    if (this.#stopped || this.#probing || this.health.healthy || this.#pending > 0) return;
    this.#probing = true;
    this.#o.client.send(new DescribeStreamSummaryCommand({ StreamName: this.#o.streamName })).then(
      (out) => {
        this.#probing = false;
        const status = out.StreamDescriptionSummary?.StreamStatus;
        if (status === 'ACTIVE' || status === 'UPDATING') this.health.set(true);
        else this.#log.debug({ status }, 'kinesis stream not active yet');
      },
      (err: unknown) => {
        this.#probing = false;
        this.#log.debug({ errorType: errorType(err) }, 'kinesis stream check failed');
      },
    );
  }
}
