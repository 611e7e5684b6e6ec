/**
 * Querystring parsing with the semantics of Apache HttpClient 4.5 `URLEncodedUtils`, which Snowplow's thrift loader
 * uses (spec/enrich.md §0.1):
 * - the raw querystring must first pass `java.net.URI` (as the query of `http://localhost/?<qs>`): an illegal
 *   character or a malformed `%` escape rejects the whole payload;
 * - pairs are split on both `&` and `;`; whitespace around tokens is dropped; empty names are skipped;
 * - `+` decodes to a space, `%xx` to a byte, malformed escapes stay literal, bytes are decoded with the payload
 *   encoding (malformed sequences become U+FFFD);
 * - a name without `=` has the value null.
 */
import { uriSyntaxError } from './java-uri';

export interface NameValuePair {
  readonly name: string;
  readonly value: string | null;
}

const decoders = new Map<string, TextDecoder | null>();

/** A decoder for a Java charset name, or null when Node does not know it. */
export function decoderFor(encoding: string): TextDecoder | null {
  const key = encoding.toLowerCase();
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(key, { fatal: false });
    } catch {
      d = null;
    }
    if (decoders.size < 64) decoders.set(key, d);
  }
  return d;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/**
 * `URLEncodedUtils.decodeFormFields`: `+` → space, `%xx` → byte, any other char is stored as ONE byte (its low 8
 * bits, a Java quirk), then the bytes are decoded with the charset.
 */
export function decodeFormField(text: string, decoder: TextDecoder): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 || c === 43 || c > 127) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  // Fast path for ASCII text whose escapes are valid UTF-8: the native decoder gives the same result.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii && decoder.encoding === 'utf-8') {
    try {
      return decodeURIComponent(text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' '));
    } catch {
      // malformed escape or invalid UTF-8: the byte-wise path below reproduces HttpClient exactly
    }
  }
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 && i + 2 < text.length) {
      const u = text.charCodeAt(i + 1);
      const l = text.charCodeAt(i + 2);
      if (isHex(u) && isHex(l)) bytes[n++] = (hexVal(u) << 4) + hexVal(l);
      else {
        bytes[n++] = 37;
        bytes[n++] = u & 0xff;
        bytes[n++] = l & 0xff;
      }
      i += 2;
    } else if (c === 43) bytes[n++] = 32;
    else bytes[n++] = c & 0xff;
  }
  return decoder.decode(bytes.subarray(0, n));
}

function isTokenSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** HttpCore `TokenParser.parseToken`: drops leading/trailing whitespace, collapses inner runs to one space. */
function token(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isTokenSpace(raw.charCodeAt(start))) start++;
  while (end > start && isTokenSpace(raw.charCodeAt(end - 1))) end--;
  const t = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  let prevSpace = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 9 || c === 13 || c === 10 || (c === 32 && prevSpace)) return t.replace(/[ \t\r\n]+/g, ' ');
    prevSpace = c === 32;
  }
  return t;
}

/**
 * Splits a raw (still encoded) querystring or form body into decoded pairs, in order, duplicates kept.
 * `validatedAscii`: the text passed the java.net.URI check and is pure ASCII (no whitespace to trim, no raw
 * non-ASCII char to mangle), which allows a faster path with the same result.
 */
export function parseFormPairs(raw: string, decoder: TextDecoder, validatedAscii = false): NameValuePair[] {
  if (validatedAscii && decoder.encoding === 'utf-8') return parseValidatedAscii(raw, decoder);
  const out: NameValuePair[] = [];
  let start = 0;
  const len = raw.length;
  while (start <= len) {
    let end = start;
    while (end < len) {
      const c = raw.charCodeAt(end);
      if (c === 38 || c === 59) break;
      end++;
    }
    if (end > start) {
      const part = raw.slice(start, end);
      const eq = part.indexOf('=');
      const name = token(eq < 0 ? part : part.slice(0, eq));
      if (name !== '') {
        out.push({
          name: decodeFormField(name, decoder),
          value: eq < 0 ? null : decodeFormField(token(part.slice(eq + 1)), decoder),
        });
      }
    }
    start = end + 1;
  }
  return out;
}

function decodeAscii(text: string, decoder: TextDecoder): string {
  const spaced = text.indexOf('+') < 0 ? text : text.replace(/\+/g, ' ');
  if (text.indexOf('%') < 0) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return decodeFormField(text, decoder); // invalid UTF-8 in the escapes: byte-wise, with U+FFFD
  }
}

/**
 * Splits on `&` and `;` with native searches (each separator, and each `=`, is found once: a found position past
 * the current pair stays valid for the next ones, so hostile input stays linear), no intermediate substrings.
 */
function parseValidatedAscii(raw: string, decoder: TextDecoder): NameValuePair[] {
  const out: NameValuePair[] = [];
  const n = raw.length;
  let amp = raw.indexOf('&');
  let semi = raw.indexOf(';');
  let eq = raw.indexOf('=');
  let start = 0;
  while (start <= n) {
    if (amp >= 0 && amp < start) amp = raw.indexOf('&', start);
    if (semi >= 0 && semi < start) semi = raw.indexOf(';', start);
    if (eq >= 0 && eq < start) eq = raw.indexOf('=', start);
    let end = amp < 0 ? n : amp;
    if (semi >= 0 && semi < end) end = semi;
    if (end > start) {
      if (eq < 0 || eq >= end) out.push({ name: decodeAscii(raw.slice(start, end), decoder), value: null });
      else if (eq > start) {
        out.push({ name: decodeAscii(raw.slice(start, eq), decoder), value: decodeAscii(raw.slice(eq + 1, end), decoder) });
      }
    }
    start = end + 1;
  }
  return out;
}

/** Pairs → map; the last duplicate wins (and takes the last position); null values are kept as null. */
export function pairsToMap(pairs: readonly NameValuePair[]): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const p of pairs) {
    const size = m.size;
    m.set(p.name, p.value);
    if (m.size === size) {
      // A duplicate: it wins, and takes the last position.
      m.delete(p.name);
      m.set(p.name, p.value);
    }
  }
  return m;
}

/**
 * Finds anything that needs the full java.net.URI check: a char outside unreserved/reserved ASCII or a `%` without
 * two hex digits. No nested quantifiers, so the scan stays linear on hostile input.
 */
const NOT_PLAIN_QUERY = /[^A-Za-z0-9\-_.!~*'();/?:@&=+$,[\]%]|%(?![0-9A-Fa-f]{2})/;

function isPlainQuery(qs: string): boolean {
  return !NOT_PLAIN_QUERY.test(qs);
}

export type QuerystringResult = { ok: true; pairs: NameValuePair[] } | { ok: false; error: string };

/**
 * The thrift loader's querystring step: `java.net.URI` check of `http://localhost/?<qs>`, then pair extraction from
 * the raw query (the part before a `#`, which Java treats as the start of a fragment).
 */
export function parseCollectorQuerystring(qs: string, encoding: string): QuerystringResult {
  const decoder = decoderFor(encoding);
  if (decoder === null) return { ok: false, error: `Unsupported encoding: ${encoding}` };
  if (qs === '') return { ok: true, pairs: [] };
  const plain = isPlainQuery(qs);
  if (!plain) {
    const prefix = 'http://localhost/?';
    const problem = uriSyntaxError(prefix + qs);
    if (problem !== null) return { ok: false, error: problem };
  }
  const hash = qs.indexOf('#');
  return { ok: true, pairs: parseFormPairs(hash < 0 ? qs : qs.slice(0, hash), decoder, plain) };
}
