/**
 * File sink for local runs and tests: appends one line per record to a file. Good records are written as base64
 * without padding (the line format of Snowplow's stdout sink, spec/collector.md §5.7), bad rows as their JSON text.
 * A write resolves after the bytes were written (and fdatasync'ed when `fsync`). Write errors are retried every
 * second with the sink reported unhealthy; records are never dropped.
 */
import { mkdirSync } from 'node:fs';
import { FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../common/logger';
import { RecordSink, SinkHealth, SinkRecord } from './sink';
import { NO_SINK_METRICS, SinkMetrics } from './sink-metrics';

export interface FileSinkOptions {
  readonly name: string;
  readonly path: string;
  readonly format: 'base64' | 'text';
  readonly fsync: boolean;
  readonly log: Logger;
  readonly metrics?: SinkMetrics;
}

interface Pending {
  readonly records: readonly SinkRecord[];
  readonly resolve: () => void;
}

export class FileSink implements RecordSink {
  readonly name: string;
  readonly health = new SinkHealth(true);
  readonly #o: FileSinkOptions;
  readonly #metrics: SinkMetrics;
  #queue: Pending[] = [];
  #pending = 0;
  #file: FileHandle | undefined;
  #writing = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #idleWaiters: Array<() => void> = [];

  constructor(options: FileSinkOptions) {
    this.#o = options;
    this.name = options.name;
    this.#metrics = options.metrics ?? NO_SINK_METRICS;
    this.#metrics.healthChanged(true);
    this.health.onChange((h) => this.#metrics.healthChanged(h));
  }

  pendingRecords(): number {
    return this.#pending;
  }

  write(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#queue.push({ records, resolve });
      this.#pending += records.length;
      void this.#drain();
    });
  }

  async start(): Promise<void> {
    mkdirSync(dirname(this.#o.path), { recursive: true });
  }

  async stop(): Promise<void> {
    if (this.#pending > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    await this.#file?.close();
    this.#file = undefined;
  }

  #line(r: SinkRecord): string {
    return this.#o.format === 'base64' ? r.data.toString('base64').replace(/=+$/, '') : r.data.toString('utf8').replace(/\n/g, ' ');
  }

  async #drain(): Promise<void> {
    if (this.#writing || this.#queue.length === 0) return;
    this.#writing = true;
    const batch = this.#queue;
    this.#queue = [];
    try {
      this.#file ??= await open(this.#o.path, 'a');
      const lines: string[] = [];
      let count = 0;
      let bytes = 0;
      for (const p of batch) {
        for (const r of p.records) {
          lines.push(this.#line(r));
          bytes += r.data.length;
          count++;
        }
      }
      await this.#file.write(`${lines.join('\n')}\n`);
      if (this.#o.fsync) await this.#file.datasync();
      this.#pending -= count;
      this.#metrics.sent(count, bytes);
      this.#metrics.call(count, 0);
      this.health.set(true);
      for (const p of batch) p.resolve();
      this.#writing = false;
      if (this.#pending === 0) for (const w of this.#idleWaiters.splice(0)) w();
      void this.#drain();
    } catch (err) {
      this.#queue = [...batch, ...this.#queue];
      this.#writing = false;
      this.health.set(false);
      this.#o.log.error({ err: String(err), path: this.#o.path }, 'file sink write failed, retrying in 1 s');
      this.#retryTimer = setTimeout(() => void this.#drain(), 1000);
    }
  }
}
