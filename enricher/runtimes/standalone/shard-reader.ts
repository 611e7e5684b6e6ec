import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-kinesis';
import type { Logger } from '../../../common/logger';
import { sleep } from '../../sinks/retry';
import type { InputRecord } from '../enrich-records';

export type InitialPosition = 'TRIM_HORIZON' | 'LATEST';

export interface ShardReaderOptions {
  readonly stream: string;
  readonly shardId: string;
  /** Resume after this sequence number (the checkpoint); else start at `initialPosition`. */
  readonly after?: string;
  readonly initialPosition: InitialPosition;
  /** GetRecords `Limit` (Kinesis max 10,000). */
  readonly maxRecordsPerRead: number;
  /** Wait between reads that returned nothing. */
  readonly idlePollMillis: number;
  /** Minimum spacing of GetRecords calls on one shard (Kinesis allows 5 per second per shard, across consumers). */
  readonly minReadIntervalMillis: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

export interface ReadResult {
  readonly records: InputRecord[];
  /** The shard is closed and every record of it was returned. */
  readonly ended: boolean;
  readonly millisBehindLatest?: number;
}

/** Kinesis errors after which the same read is simply tried again later. */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
]);

/**
 * Reads one shard in order with GetShardIterator/GetRecords. Keeps its position itself: an expired iterator is
 * renewed AFTER the last record returned, throttling and transport errors back off and retry, so `read()` only ever
 * returns the next records (possibly none) or the end of a closed shard.
 */
export class ShardReader {
  readonly #client: KinesisClient;
  readonly #opts: ShardReaderOptions;
  #iterator: string | undefined;
  #lastSequenceNumber: string | undefined;
  #ended = false;
  #lastCallAt = 0;
  #failures = 0;

  constructor(client: KinesisClient, opts: ShardReaderOptions) {
    this.#client = client;
    this.#opts = opts;
    this.#lastSequenceNumber = opts.after;
  }

  async read(): Promise<ReadResult> {
    if (this.#ended) return { records: [], ended: true };
    const wait = this.#lastCallAt + this.#opts.minReadIntervalMillis - Date.now();
    if (wait > 0) await sleep(wait, this.#opts.signal);
    this.#lastCallAt = Date.now();
    try {
      this.#iterator ??= await this.#newIterator();
      const out = await this.#client.send(
        new GetRecordsCommand({ ShardIterator: this.#iterator, Limit: this.#opts.maxRecordsPerRead }),
        { abortSignal: this.#opts.signal },
      );
      this.#failures = 0;
      const records: InputRecord[] = (out.Records ?? []).map((r) => ({
        sequenceNumber: r.SequenceNumber!,
        data: r.Data ?? new Uint8Array(0),
        arrivalTimestamp: r.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
      }));
      if (records.length > 0) this.#lastSequenceNumber = records[records.length - 1].sequenceNumber;
      this.#iterator = out.NextShardIterator ?? undefined;
      if (this.#iterator === undefined) this.#ended = true;
      if (records.length === 0 && !this.#ended) await sleep(this.#opts.idlePollMillis, this.#opts.signal);
      return { records, ended: this.#ended, millisBehindLatest: out.MillisBehindLatest };
    } catch (e) {
      if (this.#opts.signal.aborted) return { records: [], ended: false };
      if (e instanceof ExpiredIteratorException || (e as Error).name === 'ExpiredIteratorException') {
        this.#iterator = undefined;
        return { records: [], ended: false };
      }
      this.#failures++;
      const delay = Math.min(10_000, 250 * 2 ** Math.min(this.#failures, 6));
      const name = (e as Error).name;
      this.#opts.log[TRANSIENT.has(name) ? 'debug' : 'warn']({ err: e, shardId: this.#opts.shardId, delayMs: delay }, 'kinesis read failed, retrying');
      if (name === 'ResourceNotFoundException' || name === 'InvalidArgumentException') this.#iterator = undefined;
      await sleep(delay, this.#opts.signal);
      return { records: [], ended: false };
    }
  }

  async #newIterator(): Promise<string> {
    const { stream, shardId, initialPosition } = this.#opts;
    const input: GetShardIteratorCommandInput =
      this.#lastSequenceNumber === undefined
        ? { StreamName: stream, ShardId: shardId, ShardIteratorType: initialPosition }
        : { StreamName: stream, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: this.#lastSequenceNumber };
    const out = await this.#client.send(new GetShardIteratorCommand(input), { abortSignal: this.#opts.signal });
    if (out.ShardIterator === undefined) throw new Error(`no shard iterator for ${stream}/${shardId}`);
    return out.ShardIterator;
  }
}
