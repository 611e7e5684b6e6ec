/**
 * Exponential backoff with jitter: the n-th consecutive failure (n ≥ 1) waits a random time in [d/2, d], where
 * d = min(maxMs, minMs · 2^(n−1)). Jitter keeps many collectors from retrying in lock-step after a Kinesis blip.
 */
export function backoffDelayMs(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  const d = Math.max(minMs, exp);
  return Math.round(d / 2 + random() * (d / 2));
}
