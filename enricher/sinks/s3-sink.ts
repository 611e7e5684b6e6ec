import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { normalisePrefix } from '../batching/object-key';
import type { ObjectSink } from './object-sink';

export interface S3SinkOptions {
  readonly bucket: string;
  /** Objects at or above this size go through a multipart upload (@aws-sdk/lib-storage). */
  readonly multipartThresholdBytes?: number;
  /** Part size of multipart uploads (S3 minimum 5 MiB). */
  readonly partSizeBytes?: number;
  /** Parts uploaded in parallel. */
  readonly multipartQueueSize?: number;
  /** Described in logs only: the key prefix the objects carry. */
  readonly prefix?: string;
}

const MIB = 1024 * 1024;

/**
 * S3 object sink. Small objects: one PutObject. Large ones: a multipart upload, which S3 makes visible atomically
 * on completion (an aborted upload leaves no object, and lib-storage aborts it on failure). The caller retries.
 */
export class S3Sink implements ObjectSink {
  readonly description: string;
  readonly #threshold: number;
  readonly #partSize: number;
  readonly #queueSize: number;

  constructor(
    private readonly client: S3Client,
    private readonly opts: S3SinkOptions,
  ) {
    this.description = `s3://${opts.bucket}/${normalisePrefix(opts.prefix ?? '')}`;
    this.#partSize = Math.max(5 * MIB, opts.partSizeBytes ?? 8 * MIB);
    this.#threshold = Math.max(this.#partSize, opts.multipartThresholdBytes ?? 16 * MIB);
    this.#queueSize = opts.multipartQueueSize ?? 4;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    if (body.length < this.#threshold) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.opts.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }),
      );
      return;
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.opts.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: key }));
  }
}
