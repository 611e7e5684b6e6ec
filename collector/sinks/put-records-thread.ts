/**
 * PutRecords on a worker thread: the collector's thread packs a batch's records into one buffer and hands it over
 * (transferred, not copied); the worker (put-records-worker.ts) builds the JSON body, signs it, makes the HTTP call
 * and parses the answer. Under load that work is a fifth of the collector thread's time, and that thread is the
 * limit: the worker runs on whatever core the HTTP clients leave idle. Same PutRecordsCall contract as the
 * in-thread client: one attempt, per-record results, errors named as the SDK names them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KinesisRequestError, PutRecordsCall, PutRecordsResult, PutRecordsResultEntry } from './put-records-client';
import type { CallMessage, ErrorShape, ReplyMessage, WorkerOptions } from './put-records-messages';
import type { SigningCredentials } from './sigv4';

export interface PutRecordsThreadOptions extends WorkerOptions {
  /** Resolved on the collector's thread for each call (the SDK's memoised provider chain). */
  readonly credentials: () => Promise<SigningCredentials>;
}

interface Pending {
  readonly resolve: (r: PutRecordsResult) => void;
  readonly reject: (e: Error) => void;
}

const STORED: PutRecordsResultEntry = Object.freeze({ SequenceNumber: 'stored' });

/** Compiled (dist/, benchmark bundle): the .js beside this file; from TypeScript sources: the .ts through tsx. */
function startWorker(workerData: WorkerOptions): Worker {
  // Small heap: the worker holds a few calls' bodies at a time; V8's default young generation alone would add
  // tens of MB of RSS.
  const options = { workerData, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } };
  const js = join(__dirname, 'put-records-worker.js');
  if (existsSync(js)) return new Worker(js, options);
  const ts = join(__dirname, 'put-records-worker.ts');
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)});`, { ...options, eval: true });
}

function toError(e: ErrorShape): Error {
  const err = new KinesisRequestError(e.name, e.message, e.httpStatusCode ?? 0);
  return e.code === undefined ? err : Object.assign(err, { code: e.code });
}

export class PutRecordsThread {
  readonly #o: PutRecordsThreadOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #destroyed = false;

  constructor(options: PutRecordsThreadOptions) {
    this.#o = options;
  }

  readonly putRecords: PutRecordsCall = async (stream, records) => {
    const { accessKeyId, secretAccessKey, sessionToken } = await this.#o.credentials();
    if (this.#destroyed) throw new Error('PutRecords worker stopped');
    let total = 0;
    for (const r of records) total += r.data.length;
    const data = new ArrayBuffer(total);
    const view = new Uint8Array(data);
    const sizes = new Array<number>(records.length);
    const keys = new Array<string>(records.length);
    let at = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      view.set(r.data, at);
      at += r.data.length;
      sizes[i] = r.data.length;
      keys[i] = r.partitionKey;
    }
    const id = this.#nextId++;
    const message: CallMessage = { id, stream, credentials: { accessKeyId, secretAccessKey, sessionToken }, data, sizes, keys };
    const worker = this.#ensureWorker();
    return new Promise<PutRecordsResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage(message, [data]);
    });
  };

  /** Stops the worker; calls still waiting reject. */
  destroy(): void {
    this.#destroyed = true;
    const w = this.#worker;
    this.#worker = undefined;
    if (w !== undefined) void w.terminate();
    this.#failAll(new Error('PutRecords worker stopped'));
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const { region, endpoint, requestTimeoutMs, maxSockets } = this.#o;
    const w = startWorker({ region, endpoint, requestTimeoutMs, maxSockets });
    // Referenced only while calls are waiting: an idle worker never keeps the process alive.
    w.unref();
    w.on('message', (m: ReplyMessage) => this.#settle(m));
    const lost = (err: Error): void => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      this.#failAll(err);
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`PutRecords worker exited with code ${code}`)));
    this.#worker = w;
    return w;
  }

  #settle(m: ReplyMessage): void {
    const p = this.#pending.get(m.id);
    if (p === undefined) return;
    this.#pending.delete(m.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if ('stored' in m) p.resolve({ FailedRecordCount: 0, Records: new Array<PutRecordsResultEntry>(m.stored).fill(STORED) });
    else if ('result' in m) p.resolve(m.result);
    else p.reject(toError(m.error));
  }

  #failAll(err: Error): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) p.reject(err);
  }
}
