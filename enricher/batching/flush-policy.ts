/**
 * When an open batch is closed besides the hour cut. Defaults suit hourly partitions with ≤ 60 s freshness:
 * a batch closes 30 s after its first record (leaving the other half of the minute for gzip, upload and the
 * checkpoint), or at 32 MiB of output text (≈ 3–6 MiB gzipped; bounds memory per shard), whichever comes first.
 */
export interface FlushPolicy {
  /** Close a batch this many seconds after its first record was read. */
  readonly flushMaxAgeSecs: number;
  /** Close a batch once its output lines reach this many UTF-16 code units (≈ bytes for ASCII TSV). */
  readonly flushMaxBytes: number;
}

export const DEFAULT_FLUSH_POLICY: FlushPolicy = Object.freeze({ flushMaxAgeSecs: 30, flushMaxBytes: 32 * 1024 * 1024 });

export function isFull(policy: FlushPolicy, size: number): boolean {
  return size >= policy.flushMaxBytes;
}

export function isDue(policy: FlushPolicy, openedAt: number, now: number): boolean {
  return now - openedAt >= policy.flushMaxAgeSecs * 1000;
}
