import { formatCheckedTimestamp, formatTimestamp } from './timestamps';
import { ParseFailure } from './conversions';

/** The reference: Date's own UTC fields, years 0–9999. */
function viaDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ for years 0–9999
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

test('formatTimestamp equals the Date-based text across the year range, with minute prefixes reused and evicted', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const min = -62167219200000;
  const max = 253402300800000 - 1;
  const samples = [min, max, 0, -1, 59_999, 60_000, 951_782_400_000, 1_700_000_000_000, 4_107_542_400_000];
  for (let i = 0; i < 5_000; i++) samples.push(Math.floor(min + random() * (max - min)));
  // Same minute and neighbouring minutes (cache hits, slot collisions 8 minutes apart), also before 1970.
  for (const base of [1_700_000_000_000, -1_000_000_000_000]) {
    for (let k = 0; k < 2_000; k++) samples.push(base + Math.floor(random() * 30 * 60_000));
  }
  for (const ms of samples) expect(formatTimestamp(ms)).toBe(viaDate(ms));
});

test('out-of-range and non-integer values keep their Date-based path and checked failures', () => {
  expect(formatTimestamp(253402300800000)).toBe('10000-01-01 00:00:00.000');
  expect(formatTimestamp(-62167219200001)).toBe('-0001-12-31 23:59:59.999');
  expect(formatCheckedTimestamp(253402300800000)).toBeInstanceOf(ParseFailure);
  expect(formatCheckedTimestamp(Number.NaN)).toBeInstanceOf(ParseFailure);
  expect(formatCheckedTimestamp(1_700_000_000_123)).toBe('2023-11-14 22:13:20.123');
});
