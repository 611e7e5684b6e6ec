/**
 * A Kinesis event source mapping, simulated over a real (kinesalite) shard, with the documented semantics the
 * handler must survive (docs.aws.amazon.com/lambda/latest/dg/services-kinesis-errors.html and -batchfailurereporting):
 * - batches of up to `batchSize` records read after the checkpoint, as real Kinesis events;
 * - success → checkpoint at the batch's last record;
 * - partial batch response → checkpoint before the lowest reported sequence number; with bisect the rest of the
 *   batch is retried on its own, else the stream is re-read from there;
 * - thrown error → with bisect the batch is split in halves (not counted as a retry), else retried whole;
 * - after `maxRetryAttempts` the failing records go to the on-failure destination (`discarded`) and are skipped.
 * `redeliveryRate` additionally re-sends already checkpointed ranges, as an at-least-once mapping may.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { seededRandom } from '../../test-support/faulty-proxy';
import type { KinesisHandler } from '../handler';
import type { KinesisEventRecord, KinesisStreamEvent } from '../kinesis-event';

export interface EsmOptions {
  readonly stream: string;
  readonly shardId: string;
  readonly batchSize: number;
  readonly bisectOnError: boolean;
  readonly maxRetryAttempts: number;
  readonly redeliveryRate?: number;
  readonly seed?: number;
  readonly region?: string;
}

export interface EsmStats {
  invocations: number;
  succeeded: number;
  partialFailures: number;
  thrown: number;
  bisections: number;
  redeliveries: number;
  discarded: string[];
}

export function toEventRecord(r: _Record, stream: string, shardId: string, region = 'us-east-1'): KinesisEventRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.PartitionKey!,
      sequenceNumber: r.SequenceNumber!,
      data: Buffer.from(r.Data!).toString('base64'),
      approximateArrivalTimestamp: r.ApproximateArrivalTimestamp!.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${r.SequenceNumber!}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/sleet-enricher',
    awsRegion: region,
    eventSourceARN: `arn:aws:kinesis:${region}:123456789012:stream/${stream}`,
  };
}

export class EsmSimulator {
  readonly stats: EsmStats = { invocations: 0, succeeded: 0, partialFailures: 0, thrown: 0, bisections: 0, redeliveries: 0, discarded: [] };
  #checkpoint: string | undefined;
  readonly #done: _Record[] = [];
  readonly #random: () => number;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly handler: KinesisHandler,
    private readonly opts: EsmOptions,
  ) {
    this.#random = seededRandom(opts.seed ?? 7);
  }

  /** Delivers every record currently in the shard; resolves when the checkpoint reached the end. */
  async drain(): Promise<void> {
    for (;;) {
      const batch = await this.#read();
      if (batch.length === 0) return;
      await this.#deliver(batch, 0);
      if (this.opts.redeliveryRate !== undefined && this.#done.length > 1 && this.#random() < this.opts.redeliveryRate) {
        const from = Math.floor(this.#random() * this.#done.length);
        const range = this.#done.slice(from, from + this.opts.batchSize);
        this.stats.redeliveries++;
        await this.#invoke(range).catch(() => undefined); // a duplicate delivery: its outcome does not move anything
      }
    }
  }

  async #read(): Promise<_Record[]> {
    const it = await this.kinesis.send(
      new GetShardIteratorCommand({
        StreamName: this.opts.stream,
        ShardId: this.opts.shardId,
        ...(this.#checkpoint === undefined
          ? { ShardIteratorType: 'TRIM_HORIZON' }
          : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: this.#checkpoint }),
      }),
    );
    const out = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator!, Limit: this.opts.batchSize }));
    return out.Records ?? [];
  }

  async #invoke(records: readonly _Record[]): Promise<string | undefined> {
    this.stats.invocations++;
    const event: KinesisStreamEvent = { Records: records.map((r) => toEventRecord(r, this.opts.stream, this.opts.shardId, this.opts.region)) };
    const res = await this.handler(event, { getRemainingTimeInMillis: () => 60_000, awsRequestId: `req-${this.stats.invocations}` });
    const failures = res.batchItemFailures.map((f) => f.itemIdentifier);
    if (failures.length === 0) return undefined;
    const known = new Set(records.map((r) => r.SequenceNumber!));
    if (failures.some((f) => !known.has(f))) throw new Error(`batchItemFailures names a record outside the batch: ${failures.join(',')}`);
    return failures.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b));
  }

  #commit(records: readonly _Record[]): void {
    if (records.length === 0) return;
    this.#checkpoint = records[records.length - 1].SequenceNumber!;
    this.#done.push(...records);
  }

  async #deliver(batch: _Record[], attempt: number): Promise<void> {
    let failedAt: string | undefined;
    try {
      failedAt = await this.#invoke(batch);
    } catch {
      this.stats.thrown++;
      if (this.opts.bisectOnError && batch.length > 1) {
        this.stats.bisections++;
        const mid = Math.ceil(batch.length / 2);
        await this.#deliver(batch.slice(0, mid), attempt);
        await this.#deliver(batch.slice(mid), attempt);
        return;
      }
      if (attempt >= this.opts.maxRetryAttempts) return this.#discard(batch);
      return this.#deliver(batch, attempt + 1);
    }
    if (failedAt === undefined) {
      this.stats.succeeded++;
      this.#commit(batch);
      return;
    }
    this.stats.partialFailures++;
    const cut = batch.findIndex((r) => r.SequenceNumber === failedAt);
    this.#commit(batch.slice(0, cut));
    const rest = batch.slice(cut);
    if (attempt >= this.opts.maxRetryAttempts) return this.#discard(rest);
    if (this.opts.bisectOnError) return this.#deliver(rest, attempt + 1);
    const reread = await this.#read();
    return this.#deliver(reread, attempt + 1);
  }

  #discard(batch: readonly _Record[]): void {
    this.stats.discarded.push(...batch.map((r) => r.SequenceNumber!));
    this.#commit(batch);
  }
}
