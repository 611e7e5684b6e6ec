/**
 * The hourly Hive-style partition of an output line: `dt=YYYY-MM-DD/hr=HH`, UTC, from the collector timestamp
 * (good events) or the bad row's partition timestamp (docs/runtime.md "Layout"). Keeping the clock the collector's
 * makes the partition a pure function of the input, so a replay lands every line where it landed before.
 */

/** Latest instant whose ISO year still has four digits (9999-12-31T23:59:59.999Z). */
const MAX_PARTITION_MS = 253_402_300_799_999;

/** `dt=YYYY-MM-DD/hr=HH` for an epoch-ms timestamp, or undefined when it is not a usable instant (NaN, < 1970, > 9999). */
export function hourPartition(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > MAX_PARTITION_MS) return undefined;
  const iso = new Date(Math.floor(epochMs)).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return `dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}`;
}

/** hourPartition with a fallback instant (the Kinesis arrival time) for unusable timestamps; never undefined. */
export function hourPartitionOr(epochMs: number, fallbackMs: number): string {
  return hourPartition(epochMs) ?? hourPartition(fallbackMs) ?? 'dt=1970-01-01/hr=00';
}
