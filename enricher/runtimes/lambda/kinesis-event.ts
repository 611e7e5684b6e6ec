/**
 * The Lambda event of a Kinesis event source mapping and the partial batch response (ReportBatchItemFailures),
 * typed here to keep @types/aws-lambda out of the bundle's dependencies. Shapes per the AWS Lambda docs.
 */
import type { InputRecord } from '../enrich-records';

export interface KinesisEventRecord {
  readonly kinesis: {
    readonly kinesisSchemaVersion?: string;
    readonly partitionKey: string;
    readonly sequenceNumber: string;
    /** Base64 of the record bytes. */
    readonly data: string;
    /** Seconds since the epoch, with a fractional part. */
    readonly approximateArrivalTimestamp: number;
  };
  readonly eventSource?: string;
  readonly eventVersion?: string;
  /** `shardId-000000000000:<sequenceNumber>`. */
  readonly eventID: string;
  readonly eventName?: string;
  readonly invokeIdentityArn?: string;
  readonly awsRegion?: string;
  /** `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
  readonly eventSourceARN: string;
}

export interface KinesisStreamEvent {
  readonly Records: readonly KinesisEventRecord[];
}

export interface KinesisStreamBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The part of the Lambda context the handler uses. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

/** The records of one shard in an event, in sequence order. */
export interface ShardBatch {
  readonly stream: string;
  readonly shardId: string;
  readonly records: InputRecord[];
}

/** Groups an event's records by (stream, shard) and decodes them; an event source mapping sends one shard per batch. */
export function shardBatches(event: KinesisStreamEvent): ShardBatch[] {
  const groups = new Map<string, ShardBatch>();
  for (const r of event.Records ?? []) {
    const stream = streamName(r.eventSourceARN);
    const shardId = (r.eventID ?? '').split(':')[0] || 'unknown-shard';
    const id = `${stream}\u0000${shardId}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { stream, shardId, records: [] };
      groups.set(id, g);
    }
    g.records.push({
      sequenceNumber: r.kinesis.sequenceNumber,
      data: Buffer.from(r.kinesis.data ?? '', 'base64'),
      arrivalTimestamp: Math.round((r.kinesis.approximateArrivalTimestamp ?? 0) * 1000),
    });
  }
  for (const g of groups.values()) g.records.sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber));
  return [...groups.values()];
}

export function streamName(arn: string | undefined): string {
  const m = /:stream\/([^/]+)/.exec(arn ?? '');
  return m?.[1] ?? 'unknown-stream';
}

export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
