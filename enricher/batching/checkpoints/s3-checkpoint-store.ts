import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { normalisePrefix } from '../object-key';
import {
  CheckpointConflictError,
  type CheckpointStore,
  type ShardCheckpoint,
  type StoredCheckpoint,
} from './checkpoint-store';

/**
 * Checkpoints as one small JSON object per shard: `<prefix><stream>/<shardId>.json`. Writes are conditional on the
 * ETag read before (`If-Match`, or `If-None-Match: *` for the first), which S3 enforces (412 → conflict). Emulators
 * such as s3rver ignore these headers; the version number inside the object is also checked on every save, which
 * catches a conflicting writer whenever it wrote before our read.
 */
export class S3CheckpointStore implements CheckpointStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.description = `s3://${bucket}/${normalisePrefix(prefix)}`;
  }

  async load(stream: string, shardId: string): Promise<StoredCheckpoint | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.#key(stream, shardId) }));
      const text = await out.Body!.transformToString('utf8');
      const doc = JSON.parse(text) as { state: ShardCheckpoint; version: number };
      return { state: doc.state, version: `${doc.version}|${out.ETag ?? ''}` };
    } catch (e) {
      if (e instanceof NoSuchKey || (e as Error).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async save(stream: string, shardId: string, state: ShardCheckpoint, expected: string | undefined): Promise<string> {
    const key = this.#key(stream, shardId);
    const [expectedVersion, etag] = expected === undefined ? [0, undefined] : splitVersion(expected);
    const current = await this.load(stream, shardId);
    const currentVersion = current === undefined ? 0 : splitVersion(current.version)[0];
    if (currentVersion !== expectedVersion) throw new CheckpointConflictError(stream, shardId);
    const version = expectedVersion + 1;
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify({ state, version }),
          ContentType: 'application/json',
          ...(etag === undefined || etag === '' ? (expected === undefined ? { IfNoneMatch: '*' } : {}) : { IfMatch: etag }),
        }),
      );
      return `${version}|${out.ETag ?? ''}`;
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || (e as Error).name === 'PreconditionFailed') throw new CheckpointConflictError(stream, shardId);
      throw e;
    }
  }

  #key(stream: string, shardId: string): string {
    return `${normalisePrefix(this.prefix)}${stream}/${shardId}.json`;
  }
}

function splitVersion(token: string): [number, string] {
  const bar = token.indexOf('|');
  return bar < 0 ? [Number(token), ''] : [Number(token.slice(0, bar)), token.slice(bar + 1)];
}
