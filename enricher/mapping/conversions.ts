/**
 * Field conversions of Enrich's `Transform` and `ConversionUtils` (spec/enrich.md §1.4–1.5, §2.4–2.5). Each parser
 * returns the final TSV text, null for "no value", or a ParseFailure carrying Enrich's message.
 */
import { formatBigDecimal } from './big-decimal';

export class ParseFailure {
  constructor(readonly message: string) {}
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `makeTsvSafe`: TAB → four spaces, then every ASCII control char removed; empty ⇒ null. */
export function makeTsvSafe(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!CONTROL.test(value)) return value;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const out = value.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f]/g, '');
  return out === '' ? null : out;
}

/** The collector's user agent: CR and LF removed, TAB → four spaces, other control chars kept. */
export function cleanCollectorUseragent(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!/[\t\r\n]/.test(value)) return value;
  const out = value.replace(/[\r\n]/g, '').replace(/\t/g, '    ');
  return out === '' ? null : out;
}

const INT_RE = /^[+-]?\d+$/;

/** Whether `value` is 1+ ASCII digits (what `\d+` matches). */
function allDigits(value: string): boolean {
  const n = value.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Java `String.toInt` (optional sign, decimal digits, 32-bit); the text `null` (any case) is accepted as null. */
export function toJavaInt(value: string): string | null | ParseFailure {
  // Already canonical (no sign, no leading zero, at most 9 digits so within range): the text is the answer.
  if (value.length <= 9 && allDigits(value) && (value.charCodeAt(0) !== 48 || value.length === 1)) return value;
  if (value.length === 4 && value.toLowerCase() === 'null') return null;
  if (INT_RE.test(value)) {
    const n = Number(value);
    if (n >= -2147483648 && n <= 2147483647) return String(n === 0 ? 0 : n);
  }
  return new ParseFailure('Cannot be converted to java.lang.Integer');
}

/** `new java.math.BigDecimal(text)`, rescaled to 0 when the scale is negative, printed with `toString`. */
export function toBigDecimal(value: string): string | null | ParseFailure {
  if (value.length === 4 && value.toLowerCase() === 'null') return null;
  const r = formatBigDecimal(value);
  if (typeof r === 'string') return r;
  return new ParseFailure(`Cannot be converted to java.math.BigDecimal. Error : ${r.error}`);
}

export function toBool01(value: string): string | ParseFailure {
  if (value === '1' || value === '0') return value;
  return new ParseFailure('Cannot be converted to Boolean-like java.lang.Byte');
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function toUuid(value: string): string | ParseFailure {
  return UUID_RE.test(value) ? value.toLowerCase() : new ParseFailure('Not a valid UUID');
}

/** `(\d+)x(\d+)` over the whole value, each part a 32-bit int. */
export function toWxH(value: string): [string, string] | ParseFailure {
  const x = value.indexOf('x');
  const width = x < 0 ? '' : value.slice(0, x);
  const height = x < 0 ? '' : value.slice(x + 1);
  if (!allDigits(width) || !allDigits(height)) return new ParseFailure('Does not conform to regex (\\d+)x(\\d+)');
  const w = toJavaInt(width);
  const h = toJavaInt(height);
  if (w instanceof ParseFailure || w === null) return new ParseFailure('Cannot be converted to java.lang.Integer');
  if (h instanceof ParseFailure || h === null) return new ParseFailure('Cannot be converted to java.lang.Integer');
  return [w, h];
}

const PLATFORMS = new Set(['web', 'iot', 'app', 'mob', 'pc', 'cnsl', 'tv', 'srv', 'headset']);

export function toPlatform(value: string): string | ParseFailure {
  return PLATFORMS.has(value) ? value : new ParseFailure('Not a valid platform');
}

const EVENT_TYPES: Readonly<Record<string, string>> = {
  se: 'struct',
  ev: 'struct',
  ad: 'ad_impression',
  tr: 'transaction',
  ti: 'transaction_item',
  pv: 'page_view',
  pp: 'page_ping',
  ue: 'unstruct',
};

export function toEventType(value: string): string | ParseFailure {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, value)
    ? (EVENT_TYPES[value] as string)
    : new ParseFailure('Not a valid event type');
}

/** The first token of an IP before a comma, pipe or whitespace (`ip` parameter and collector IP). */
export function firstIpToken(value: string): string {
  const m = /[,|\s]/.exec(value);
  return m === null ? value : value.slice(0, m.index);
}
