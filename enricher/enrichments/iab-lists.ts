/**
 * The three files of the IAB/ABC International Spiders & Bots List, in their published formats (read as ISO-8859-1,
 * `|`-separated with CSV quoting, `#` comment lines), with the matching rules of Snowplow's Apache-2.0
 * iab-spiders-and-robots-java-client:
 * - `exclude_current.txt`: pattern | active flag | exception patterns (comma-separated) | two-pass flag (unused) |
 *   primary impact (0 page, 1 ad, 2 both) | start-of-string flag | inactive date (MM/DD/YYYY);
 * - `include_current.txt`: pattern | active flag | start-of-string flag | inactive date;
 * - `ip_exclude_current_cidr.txt`: one IPv4/IPv6 address or CIDR block per line.
 * Patterns and user agents compare lower-cased; "start-of-string" means the user agent starts with the pattern,
 * otherwise it contains it.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { ipv4Bytes, ipv6Bytes } from './ip-address';

export type PrimaryImpact = 'PAGE_IMPRESSIONS' | 'AD_IMPRESSIONS' | 'PAGE_AND_AD_IMPRESSIONS' | 'UNKNOWN' | 'NONE';

export class IabListError extends Error {}

export interface ExcludeRecord {
  readonly pattern: string;
  readonly active: boolean;
  readonly exceptions: readonly string[];
  readonly primaryImpact: PrimaryImpact;
  readonly startOfString: boolean;
  /** Epoch ms (UTC midnight), or null when the record has none. */
  readonly inactiveDate: number | null;
}

export interface IncludeRecord {
  readonly pattern: string;
  readonly active: boolean;
  readonly startOfString: boolean;
  readonly inactiveDate: number | null;
}

const IMPACTS: Readonly<Record<string, PrimaryImpact>> = { '0': 'PAGE_IMPRESSIONS', '1': 'AD_IMPRESSIONS', '2': 'PAGE_AND_AD_IMPRESSIONS' };

/** The non-comment, non-empty records of a list file as fields (CSV quoting with `"`, `|` delimiter). */
function records(text: string, file: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    out.push({ line: i + 1, fields: splitRecord(raw, file, i + 1) });
  });
  return out;
}

function splitRecord(line: string, file: string, lineNo: number): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (c === '|') {
      fields.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) throw new IabListError(`${file} line ${lineNo}: unterminated quote`);
  fields.push(current.trim());
  return fields;
}

const flag = (v: string | undefined) => v === '1';

/** `MM/DD/YYYY` → epoch ms at UTC midnight; null when absent or not a real date (the Java client ignores those). */
export function parseInactiveDate(v: string | undefined): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v?.trim() ?? '');
  if (!m) return null;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : null;
}

export function parseExcludeList(text: string, file = 'exclude_current.txt'): ExcludeRecord[] {
  return records(text, file).flatMap(({ line, fields }) => {
    const pattern = fields[0].toLowerCase();
    if (pattern === '') return [];
    const impact = IMPACTS[fields[4] ?? ''];
    if (!impact) throw new IabListError(`${file} line ${line}: primary impact flag must be 0, 1 or 2, not ${JSON.stringify(fields[4] ?? '')}`);
    return [
      {
        pattern,
        active: flag(fields[1]),
        exceptions: (fields[2] ?? '')
          .split(',')
          .map((e) => e.trim().toLowerCase())
          .filter((e) => e !== ''),
        primaryImpact: impact,
        startOfString: flag(fields[5]),
        inactiveDate: parseInactiveDate(fields[6]),
      },
    ];
  });
}

export function parseIncludeList(text: string, file = 'include_current.txt'): IncludeRecord[] {
  return records(text, file).flatMap(({ fields }) => {
    const pattern = fields[0].toLowerCase();
    if (pattern === '') return [];
    return [{ pattern, active: flag(fields[1]), startOfString: flag(fields[2]), inactiveDate: parseInactiveDate(fields[3]) }];
  });
}

export function matchesPattern(uaLower: string, pattern: string, startOfString: boolean): boolean {
  return startOfString ? uaLower.startsWith(pattern) : uaLower.includes(pattern);
}

/** An exclude record applies when active or dated, its pattern matches and none of its exceptions does. */
export function excludeRecordMatches(r: ExcludeRecord, uaLower: string): boolean {
  if (!r.active && r.inactiveDate === null) return false;
  return matchesPattern(uaLower, r.pattern, r.startOfString) && !r.exceptions.some((e) => uaLower.includes(e));
}

/** IP addresses and CIDR blocks, grouped by prefix length for constant-time lookups. */
export class IpRanges {
  readonly #byPrefix = new Map<string, { width: number; prefix: number; keys: Set<string> }>();

  static parse(text: string, file = 'ip_exclude_current_cidr.txt'): IpRanges {
    const ranges = new IpRanges();
    text.split(/\r\n|\n|\r/).forEach((raw, i) => {
      const entry = raw.trim();
      if (entry === '' || entry.startsWith('#')) return;
      if (!ranges.#add(entry)) throw new IabListError(`${file} line ${i + 1}: not an IP address or CIDR block: ${JSON.stringify(entry.slice(0, 100))}`);
    });
    return ranges;
  }

  #add(entry: string): boolean {
    const [address, len, extra] = entry.split('/');
    if (extra !== undefined) return false;
    const bytes = addressBytes(address);
    if (!bytes) return false;
    const max = bytes.length * 8;
    const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return false;
    const id = `${bytes.length}/${prefix}`;
    let group = this.#byPrefix.get(id);
    if (!group) {
      group = { width: bytes.length, prefix, keys: new Set() };
      this.#byPrefix.set(id, group);
    }
    group.keys.add(maskedKey(bytes, prefix));
    return true;
  }

  /** Whether a normalised address (see normaliseIp) lies in any listed block. */
  contains(ip: string): boolean {
    const bytes = addressBytes(ip);
    if (!bytes) return false;
    for (const { width, prefix, keys } of this.#byPrefix.values()) {
      if (width === bytes.length && keys.has(maskedKey(bytes, prefix))) return true;
    }
    return false;
  }
}

function addressBytes(address: string): number[] | null {
  if (isIPv4(address)) return ipv4Bytes(address);
  if (isIPv6(address)) return ipv6Bytes(address);
  return null;
}

function maskedKey(bytes: readonly number[], prefix: number): string {
  const out = bytes.map((b, i) => {
    const bitsLeft = prefix - i * 8;
    if (bitsLeft >= 8) return b;
    if (bitsLeft <= 0) return 0;
    return b & (0xff << (8 - bitsLeft)) & 0xff;
  });
  return out.join('.');
}
