import type { SealedBatch } from '../batching/batch-builder';
import { gzipLines } from './gzip-lines';
import { CONTENT_TYPE_GZIP, type ObjectSink } from './object-sink';
import { withRetries, type RetryOptions, type RetryPolicy } from './retry';

export interface WrittenBatch {
  readonly objects: number;
  /** Compressed bytes written. */
  readonly bytes: number;
}

/**
 * Writes every object of a batch (gzip, then put, objects in parallel), each with retries; resolves only once all
 * of them are durable. A rejection means some object may be missing: the checkpoint must not move.
 */
export async function writeBatch(
  sink: ObjectSink,
  batch: SealedBatch,
  retry: RetryPolicy,
  opts: RetryOptions & { readonly gzipLevel?: number } = {},
): Promise<WrittenBatch> {
  const sizes = await Promise.all(
    batch.objects.map(async (o) => {
      const body = await gzipLines(o.lines, opts.gzipLevel);
      await withRetries(() => sink.put(o.key, body, CONTENT_TYPE_GZIP), retry, opts);
      return body.length;
    }),
  );
  return { objects: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** Deletes keys a replayed batch no longer produces (see PendingBatch.keys), with retries. */
export async function deleteStaleKeys(
  sink: ObjectSink,
  keys: readonly string[],
  retry: RetryPolicy,
  opts: RetryOptions = {},
): Promise<void> {
  await Promise.all(keys.map((k) => withRetries(() => sink.delete(k), retry, opts)));
}
