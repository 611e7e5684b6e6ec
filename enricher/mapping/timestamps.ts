/**
 * Timestamps (spec/enrich.md §1.6, §3.3): TSV `yyyy-MM-dd HH:mm:ss.SSS` UTC; tracker `dtm`/`stm`/`ttm` are epoch
 * milliseconds parsed like Java `toLong`, and the year must be 0–9999.
 */
import { ParseFailure } from './conversions';

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC (Joda pattern; negative years keep their sign). */
const PAD2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `yyyy-MM-dd HH:mm:` of an epoch minute (years 0–9999): integer civil-from-days arithmetic (H. Hinnant). */
function minutePrefix(epochMinute: number): string {
  const days = Math.floor(epochMinute / 1440);
  const minuteOfDay = epochMinute - days * 1440;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay - hour * 60;
  return `${PAD2[Math.floor(year / 100)]}${PAD2[year % 100]}-${PAD2[month]}-${PAD2[day]} ${PAD2[hour]}:${PAD2[minute]}:`;
}

/**
 * The formatted prefixes of recent minutes, direct-mapped by minute (an event's timestamps and a batch's events
 * mostly share a few minutes): only seconds and milliseconds are formatted per call.
 */
const PREFIX_SLOTS = 8;
const prefixMinute = new Float64Array(PREFIX_SLOTS).fill(NaN);
const prefixText: string[] = new Array<string>(PREFIX_SLOTS).fill('');

export function formatTimestamp(ms: number): string {
  if (ms >= -62167219200000 && ms < 253402300800000 && Number.isInteger(ms)) {
    const epochMinute = Math.floor(ms / 60000);
    const slot = epochMinute & (PREFIX_SLOTS - 1);
    let prefix: string;
    if (prefixMinute[slot] === epochMinute) prefix = prefixText[slot] as string;
    else {
      prefix = minutePrefix(epochMinute);
      prefixMinute[slot] = epochMinute;
      prefixText[slot] = prefix;
    }
    const rest = ms - epochMinute * 60000;
    const second = Math.floor(rest / 1000);
    return `${prefix}${PAD2[second]}.${PAD3[rest - second * 1000]}`;
  }
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  return (
    `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** Joda ISO with millis (`2013-11-26T00:03:57.885Z`), used for collector timestamps inside bad-row payloads. */
export function jodaIso(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  // Outside years 0–9999 no RFC 3339 date-time exists: null (the badrows schemas allow it) rather than an invalid one.
  if (y < 0 || y > 9999) return null;
  return d.toISOString();
}

const MAX_DATE_MS = 8.64e15;

/** Formats epoch ms for the TSV, or fails unless the year is 0–9999 (`EventEnrichments.toTimestamp` check). */
export function formatCheckedTimestamp(ms: number): string | ParseFailure {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    return new ParseFailure(`Formatting as ${ms} is not Redshift-compatible`);
  }
  // Years 0–9999 are exactly this millisecond range: no Date needed to check them.
  if (ms < -62167219200000 || ms >= 253402300800000) {
    return new ParseFailure(`Formatting as ${formatTimestamp(ms)} is not Redshift-compatible`);
  }
  return formatTimestamp(ms);
}

const LONG_RE = /^[+-]?\d+$/;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

/** A tracker ms timestamp (`dtm`, `stm`, `ttm`, `_sp`): Java `toLong`, then the year check. */
export function parseMsTimestamp(value: string): { ms: number; text: string } | ParseFailure {
  if (!LONG_RE.test(value) || value.length > 40) {
    return new ParseFailure('Not in the expected format: ms since epoch');
  }
  let ms: number;
  if (value.length <= 16) ms = Number(value);
  else {
    const big = BigInt(value);
    if (big < LONG_MIN || big > LONG_MAX) return new ParseFailure('Not in the expected format: ms since epoch');
    ms = Number(big);
  }
  const text = formatCheckedTimestamp(ms);
  if (text instanceof ParseFailure) return text;
  return { ms, text };
}
