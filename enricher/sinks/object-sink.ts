/**
 * Where batch objects go: S3 (s3-sink.ts) or a local directory with the same layout (local-dir-sink.ts).
 * `put` resolves only once the object is durable (S3 acknowledged it; the file was fsynced and renamed into place),
 * and replaces any object with the same key atomically: readers see the old or the new bytes, never a mix.
 */
export interface ObjectSink {
  /** Where the objects go, for logs and the start-up banner (`s3://bucket/prefix`, a directory path). */
  readonly description: string;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Removes an object; resolves when it is gone or never existed. */
  delete(key: string): Promise<void>;
}

export const CONTENT_TYPE_GZIP = 'application/gzip';
