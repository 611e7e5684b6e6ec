/**
 * A parser with the acceptance rules of `java.net.URI(String)` (RFC 2396 plus Java's deviations), which Enrich uses
 * for the thrift querystring check and for page/referrer URLs (spec/enrich.md §0.1, §2.6). Only what Enrich reads
 * is kept: scheme, host (`getHost`, null for registry-based authorities such as hosts containing `_`), port, and the
 * raw path, query and fragment.
 */
import { isIPv6 } from 'node:net';

export interface JavaUri {
  /** The URI text (`URI.toString` of a URI built from a string is that string). */
  readonly text: string;
  readonly scheme: string | null;
  readonly host: string | null;
  /** -1 when absent. */
  readonly port: number;
  readonly rawPath: string | null;
  readonly rawQuery: string | null;
  readonly rawFragment: string | null;
}

class UriSyntaxError {
  constructor(
    readonly reason: string,
    readonly index: number,
  ) {}
}

// Character classes as bit flags per ASCII code.
const ALPHA = 1;
const DIGIT = 2;
const MARK = 4; // -_.!~*'()
const RESERVED = 8; // ;/?:@&=+$,[]
const PCHAR_EXTRA = 16; // :@&=+$,
const USERINFO_EXTRA = 32; // ;:&=+$,
const REG_EXTRA = 64; // $,;:@&=+
const SERVER_EXTRA = 128; // .:@[]
const SCHEME_EXTRA = 256; // +-.
const PATH_EXTRA = 512; // ;/
const DASH = 1024;

const TABLE = new Uint16Array(128);
function mark(chars: string, flag: number): void {
  for (const c of chars) TABLE[c.charCodeAt(0)] |= flag;
}
for (let c = 65; c <= 90; c++) TABLE[c] |= ALPHA;
for (let c = 97; c <= 122; c++) TABLE[c] |= ALPHA;
for (let c = 48; c <= 57; c++) TABLE[c] |= DIGIT;
mark("-_.!~*'()", MARK);
mark(';/?:@&=+$,[]', RESERVED);
mark(':@&=+$,', PCHAR_EXTRA);
mark(';:&=+$,', USERINFO_EXTRA);
mark('$,;:@&=+', REG_EXTRA);
mark('.:@[]', SERVER_EXTRA);
mark('+-.', SCHEME_EXTRA);
mark(';/', PATH_EXTRA);
mark('-', DASH);

const UNRESERVED = ALPHA | DIGIT | MARK;
const URIC = RESERVED | UNRESERVED;
const PCHAR = UNRESERVED | PCHAR_EXTRA;
const PATH = PCHAR | PATH_EXTRA;
const USERINFO = UNRESERVED | USERINFO_EXTRA;
const REG_NAME = UNRESERVED | REG_EXTRA;
const SERVER = USERINFO | ALPHA | DIGIT | DASH | SERVER_EXTRA;
const SCHEME = ALPHA | DIGIT | SCHEME_EXTRA;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `Character.isSpaceChar` for c > 128 (Unicode Zs, Zl, Zp). */
function isSpaceChar(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Visible non-ASCII characters that Java lets through unescaped wherever escapes are allowed. */
function isOther(c: number): boolean {
  return c > 128 && !isSpaceChar(c) && !(c >= 0x7f && c <= 0x9f);
}

class Parser {
  scheme: string | null = null;
  host: string | null = null;
  port = -1;
  path: string | null = null;
  query: string | null = null;
  fragment: string | null = null;

  constructor(readonly s: string) {}

  fail(reason: string, index: number): never {
    throw new UriSyntaxError(reason, index);
  }

  /** Scans chars of `mask`, plus escapes and "other" chars when `escaped`; returns the first index not accepted. */
  scan(start: number, end: number, mask: number, escaped: boolean, percentPlain = false): number {
    const s = this.s;
    let p = start;
    while (p < end) {
      const c = s.charCodeAt(p);
      if (c < 128 && (TABLE[c] & mask) !== 0) {
        p++;
        continue;
      }
      if (percentPlain && c === 37) {
        p++;
        continue;
      }
      if (escaped) {
        if (c === 37) {
          if (p + 3 <= end && isHex(s.charCodeAt(p + 1)) && isHex(s.charCodeAt(p + 2))) {
            p += 3;
            continue;
          }
          this.fail('Malformed escape pair', p);
        }
        if (isOther(c)) {
          p++;
          continue;
        }
      }
      break;
    }
    return p;
  }

  checkChars(start: number, end: number, mask: number, what: string): void {
    const p = this.scan(start, end, mask, true);
    if (p < end) this.fail(`Illegal character in ${what}`, p);
  }

  /** Index of the first char of `stops` in [start,end), or end. */
  find(start: number, end: number, stops: string): number {
    const s = this.s;
    const a = stops.charCodeAt(0);
    const b = stops.length > 1 ? stops.charCodeAt(1) : -1;
    const c = stops.length > 2 ? stops.charCodeAt(2) : -1;
    for (let p = start; p < end; p++) {
      const ch = s.charCodeAt(p);
      if (ch === a || ch === b || ch === c) return p;
    }
    return end;
  }

  parse(): void {
    const s = this.s;
    const n = s.length;
    // scan(0, n, "/?#", ":"): a scheme exists when a ':' comes before any of "/?#".
    let colon = -1;
    for (let i = 0; i < n; i++) {
      const ch = s[i];
      if (ch === ':') {
        colon = i;
        break;
      }
      if (ch === '/' || ch === '?' || ch === '#') break;
    }
    let p: number;
    if (colon >= 0) {
      if (colon === 0) this.fail('Expected scheme name', 0);
      const c0 = s.charCodeAt(0);
      if (!(c0 < 128 && (TABLE[c0] & ALPHA) !== 0)) this.fail('Illegal character in scheme name', 0);
      const q = this.scan(1, colon, SCHEME, false);
      if (q < colon) this.fail('Illegal character in scheme name', q);
      this.scheme = s.slice(0, colon);
      p = colon + 1;
      if (s[p] === '/') p = this.parseHierarchical(p, n);
      else {
        const q2 = this.find(p, n, '#');
        if (q2 <= p) this.fail('Expected scheme-specific part', p);
        this.checkChars(p, q2, URIC, 'opaque part');
        p = q2;
      }
    } else {
      p = this.parseHierarchical(0, n);
    }
    if (s[p] === '#') {
      this.checkChars(p + 1, n, URIC, 'fragment');
      this.fragment = s.slice(p + 1);
      p = n;
    }
    if (p < n) this.fail('Expected end of URI', p);
  }

  parseHierarchical(start: number, n: number): number {
    const s = this.s;
    let p = start;
    if (s[p] === '/' && s[p + 1] === '/') {
      p += 2;
      const q = this.find(p, n, '/?#');
      if (q > p) p = this.parseAuthority(p, q);
      else if (q >= n) this.fail('Expected authority', p);
    }
    const q = this.find(p, n, '?#');
    this.checkChars(p, q, PATH, 'path');
    this.path = s.slice(p, q);
    p = q;
    if (s[p] === '?') {
      p++;
      const q2 = this.find(p, n, '#');
      this.checkChars(p, q2, URIC, 'query');
      this.query = s.slice(p, q2);
      p = q2;
    }
    return p;
  }

  parseAuthority(start: number, n: number): number {
    const hasBracket = this.find(start, n, ']') < n;
    const serverChars = this.scan(start, n, SERVER, true, hasBracket) === n;
    const regChars = this.scan(start, n, REG_NAME, true) === n;
    if (regChars && !serverChars) return n;
    let err: UriSyntaxError | null = null;
    let q = start;
    if (serverChars) {
      try {
        q = this.parseServer(start, n);
        if (q < n) this.fail('Expected end of authority', q);
      } catch (e) {
        if (!(e instanceof UriSyntaxError)) throw e;
        this.host = null;
        this.port = -1;
        err = e;
        q = start;
      }
    }
    if (q < n) {
      if (regChars) return n;
      if (err !== null) throw err;
      this.fail('Illegal character in authority', q);
    }
    return n;
  }

  parseServer(start: number, n: number): number {
    const s = this.s;
    let p = start;
    const at = this.find(p, n, '@');
    if (at < n && this.find(p, at, '/?#') === at) {
      this.checkChars(p, at, USERINFO, 'user info');
      p = at + 1;
    }
    if (s[p] === '[') {
      p++;
      const q = this.find(p, n, ']');
      if (q < n && q > p) {
        const pct = this.find(p, q, '%');
        const addr = s.slice(p, pct);
        if (!isIPv6(addr)) this.fail('Malformed IPv6 address', p);
        if (pct < q) {
          if (pct + 1 === q) this.fail('Expected scope id', pct);
          const r = this.scan(pct + 1, q, ALPHA | DIGIT, false);
          if (r < q) this.fail('Illegal character in scope id', r);
        }
        this.host = s.slice(p - 1, q + 1);
        p = q + 1;
      } else this.fail('Expected closing bracket for IPv6 address', q);
    } else {
      let q = this.parseIPv4(p, n);
      if (q <= p) q = this.parseHostname(p, n);
      p = q;
    }
    if (s[p] === ':') {
      p++;
      if (p < n) {
        const q = this.scan(p, n, DIGIT, false);
        if (q < n) this.fail('Illegal character in port number', q);
        const port = Number(s.slice(p, n));
        if (!(port <= 2147483647)) this.fail('Malformed port number', p);
        this.port = port;
        p = n;
      }
    }
    if (p < n) this.fail('Expected port number', p);
    return p;
  }

  parseIPv4(start: number, n: number): number {
    const m = this.scan(start, n, DIGIT, false, false);
    let end = start;
    while (end < n && (this.s[end] === '.' || (this.s.charCodeAt(end) >= 48 && this.s.charCodeAt(end) <= 57))) end++;
    if (m <= start) return -1;
    const parts = this.s.slice(start, end).split('.');
    if (parts.length !== 4) return -1;
    for (const part of parts) if (part.length === 0 || part.length > 3 || Number(part) > 255) return -1;
    if (end < n && this.s[end] !== ':') return -1;
    this.host = this.s.slice(start, end);
    return end;
  }

  parseHostname(start: number, n: number): number {
    const s = this.s;
    let p = start;
    let last = -1;
    do {
      let q = this.scan(p, n, ALPHA | DIGIT, false);
      if (q <= p) break;
      last = p;
      p = q;
      q = this.scan(p, n, ALPHA | DIGIT | DASH, false);
      if (q > p) {
        if (s[q - 1] === '-') this.fail('Illegal character in hostname', q - 1);
        p = q;
      }
      if (s[p] !== '.') break;
      p++;
    } while (p < n);
    if (p < n && s[p] !== ':') this.fail('Illegal character in hostname', p);
    if (last < 0) this.fail('Expected hostname', start);
    const c = s.charCodeAt(last);
    if (last > start && !(c < 128 && (TABLE[c] & ALPHA) !== 0)) this.fail('Illegal character in hostname', last);
    this.host = s.slice(start, p);
    return p;
  }
}

export type JavaUriResult = { ok: true; uri: JavaUri } | { ok: false; error: string };

const SIMPLE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::([0-9]{1,9}))?$/;
const BAD_PATH = /[^A-Za-z0-9\-_.!~*'();:@&=+$,/%]|%(?![0-9A-Fa-f]{2})/;
const BAD_URIC = /[^A-Za-z0-9\-_.!~*'();:@&=+$,/?[\]%]|%(?![0-9A-Fa-f]{2})/;

/**
 * Fast path for the common `http(s)://host[:port]/path?query#fragment` made only of plain ASCII: the same result as
 * the full parser for every string it accepts (it accepts a strict subset), found with linear regex scans.
 */
function parseSimpleHttp(text: string): JavaUri | null {
  const schemeEnd = text.startsWith('https://') ? 5 : text.startsWith('http://') ? 4 : -1;
  if (schemeEnd < 0) return null;
  const authStart = schemeEnd + 3;
  let authEnd = authStart;
  while (authEnd < text.length) {
    const c = text.charCodeAt(authEnd);
    if (c === 47 || c === 63 || c === 35) break;
    authEnd++;
  }
  const auth = SIMPLE_HOST.exec(text.slice(authStart, authEnd));
  if (auth === null) return null;
  const hash = text.indexOf('#', authEnd);
  const beforeHash = hash < 0 ? text.length : hash;
  const q = text.indexOf('?', authEnd);
  const pathEnd = q >= 0 && q < beforeHash ? q : beforeHash;
  const path = text.slice(authEnd, pathEnd);
  if (BAD_PATH.test(path)) return null;
  const query = pathEnd < beforeHash ? text.slice(pathEnd + 1, beforeHash) : null;
  if (query !== null && BAD_URIC.test(query)) return null;
  const fragment = hash >= 0 ? text.slice(hash + 1) : null;
  if (fragment !== null && (BAD_URIC.test(fragment) || fragment.includes('#'))) return null;
  const portText = auth[1];
  return {
    text,
    scheme: text.slice(0, schemeEnd),
    host: portText === undefined ? text.slice(authStart, authEnd) : text.slice(authStart, authEnd - portText.length - 1),
    port: portText === undefined ? -1 : Number(portText),
    rawPath: path,
    rawQuery: query,
    rawFragment: fragment,
  };
}

/** `new java.net.URI(text)`; the error is URISyntaxException's message (`<reason> at index <i>: <input>`). */
export function parseJavaUri(text: string): JavaUriResult {
  const simple = parseSimpleHttp(text);
  if (simple !== null) return { ok: true, uri: simple };
  return parseJavaUriFully(text);
}

/** The full parser (exported for the test that checks the fast path against it). */
export function parseJavaUriFully(text: string): JavaUriResult {
  const parser = new Parser(text);
  try {
    parser.parse();
  } catch (e) {
    if (e instanceof UriSyntaxError) return { ok: false, error: `${e.reason} at index ${e.index}: ${text}` };
    throw e;
  }
  return {
    ok: true,
    uri: {
      text,
      scheme: parser.scheme,
      host: parser.host,
      port: parser.port,
      rawPath: parser.scheme !== null && parser.path === null ? null : parser.path,
      rawQuery: parser.query,
      rawFragment: parser.fragment,
    },
  };
}

/** The URISyntaxException message for `text`, or null when Java accepts it. */
export function uriSyntaxError(text: string): string | null {
  const r = parseJavaUri(text);
  return r.ok ? null : r.error;
}
