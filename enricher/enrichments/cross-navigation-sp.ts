/**
 * The `_sp` cross-domain linker parameter of the page URL (spec/enrich.md §4.12), parsed the same way whether or not
 * the cross_navigation enrichment is enabled:
 * `_sp=<domain_user_id>.<timestamp_ms>.<session_id>.<b64 user_id>.<b64 source_id>.<source_platform>.<b64 reason>`
 * (JS tracker 3.22+), or the legacy `<domain_user_id>.<timestamp_ms>`. Split on `.` like Java's `String.split`
 * (trailing empty parts dropped); more than 7 parts ⇒ the parameter is ignored entirely.
 */
import type { EnrichmentFailureMessage } from './enrichment';
import { parseQuerystring } from './campaign-attribution-querystring';
import { makeTsvSafe } from './referer-parser-tsv-safe';

const MAX_PARTS = 7;
/** Epoch ms of 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: Enrich's Redshift-compatible range. */
const MIN_MS = -62167219200000n;
const MAX_MS = 253402300799999n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The cross_navigation/1-0-0 entity, keys in Enrich's serialised (Scala HashMap) order. */
export interface CrossNavigationData {
  session_id: string | null;
  timestamp: string;
  reason: string | null;
  user_id: string | null;
  source_id: string | null;
  domain_user_id: string;
  source_platform: string | null;
}

export type CrossNavigationParse =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'parsed';
      /** `refr_domain_userid` (makeTsvSafe'd). */
      readonly refrDomainUserid: string | null;
      /** `refr_dvce_tstamp` as TSV text (`yyyy-MM-dd HH:mm:ss.SSS`). */
      readonly refrDvceTstamp: string | null;
      /** The context entity, when both the domain user id and the timestamp are present. */
      readonly navigation: CrossNavigationData | null;
    }
  | { readonly kind: 'invalid'; readonly messages: Array<{ field: string; value: string | null; expectation: string }> };

/** Java `Long.parseLong` acceptance: optional sign, decimal digits, 64-bit range. */
function parseJavaLong(text: string): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` (UTC) for an epoch-ms time inside years 0–9999. */
export function formatTsvTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** ISO-8601 with trailing zero millisecond digits dropped (`…:07Z`, `…:07.1Z`), as Java's ISO formatter prints. */
export function formatIsoTrimmed(ms: number): string {
  // Only the fraction can end in zeros before the Z: `.120Z` → `.12Z`, `.000Z` → `Z`.
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** Joda's `yyyy-MM-dd HH:mm:ss.SSS` text of a time outside years 0–9999 (for the failure message). */
function formatOutOfRange(ms: bigint): string {
  const JS_DATE_LIMIT = 8_640_000_000_000_000n;
  if (ms > JS_DATE_LIMIT || ms < -JS_DATE_LIMIT) return `${ms} ms since epoch`;
  const m = /^([+-]?)(\d+)-(\d\d-\d\d)T(.*)Z$/.exec(new Date(Number(ms)).toISOString());
  if (m === null) return `${ms} ms since epoch`;
  const year = `${m[1] === '-' ? '-' : ''}${String(Number(m[2])).padStart(4, '0')}`;
  return `${year}-${m[3]} ${m[4]}`;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Lenient base64/base64url → UTF-8 text; null when not base64. */
function decodeBase64Part(part: string): string | null {
  if (!BASE64.test(part)) return null;
  const bare = part.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  return Buffer.from(bare.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** Parses the `_sp` parameter of a raw page querystring. Pure; never throws. */
export function parseCrossNavigation(pageUrlQuery: string | null | undefined): CrossNavigationParse {
  // Fast path: most page views carry no linker parameter (`_sp`, possibly percent-encoded as `%5Fsp`).
  if (!pageUrlQuery || (!pageUrlQuery.includes('_sp') && !/%5fsp/i.test(pageUrlQuery))) return { kind: 'absent' };
  const sp = parseQuerystring(pageUrlQuery).get('_sp');
  if (sp === undefined || sp === null || sp === '') return { kind: 'absent' };
  const parts = sp.split('.');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > MAX_PARTS) return { kind: 'absent' };
  const [duid = '', tstamp = '', sessionId = '', userId = '', sourceId = '', sourcePlatform = '', reason = ''] = parts;

  const messages: Array<{ field: string; value: string | null; expectation: string }> = [];
  let ms: number | null = null;
  if (tstamp !== '') {
    const long = parseJavaLong(tstamp);
    if (long === null) {
      messages.push({ field: 'sp_dtm', value: tstamp, expectation: 'not in the expected format: ms since epoch' });
    } else if (long < MIN_MS || long > MAX_MS) {
      messages.push({
        field: 'sp_dtm',
        value: tstamp,
        expectation: `formatting as ${formatOutOfRange(long)} is not Redshift-compatible`,
      });
    } else {
      ms = Number(long);
    }
  }
  const decoded: Record<string, string | null> = {};
  for (const [key, part] of [['user_id', userId], ['source_id', sourceId], ['reason', reason]] as const) {
    if (part === '') {
      decoded[key] = null;
      continue;
    }
    const text = decodeBase64Part(part);
    if (text === null) messages.push({ field: `sp_${key}`, value: part, expectation: 'Not a valid base64url-encoded string' });
    decoded[key] = text;
  }
  if (messages.length > 0) return { kind: 'invalid', messages };

  const navigation: CrossNavigationData | null =
    duid !== '' && ms !== null
      ? {
          session_id: sessionId || null,
          timestamp: formatIsoTrimmed(ms),
          reason: decoded.reason,
          user_id: decoded.user_id,
          source_id: decoded.source_id,
          domain_user_id: duid,
          source_platform: sourcePlatform || null,
        }
      : null;
  return {
    kind: 'parsed',
    refrDomainUserid: makeTsvSafe(duid),
    refrDvceTstamp: ms === null ? null : formatTsvTimestamp(ms),
    navigation,
  };
}

/** The enrichment_failures messages of an invalid `_sp` (enrichment info null when the enrichment is not enabled). */
export function crossNavigationFailures(
  parse: Extract<CrossNavigationParse, { kind: 'invalid' }>,
  enrichment: EnrichmentFailureMessage['enrichment'],
): EnrichmentFailureMessage[] {
  return parse.messages.map((message) => ({ enrichment, message }));
}
