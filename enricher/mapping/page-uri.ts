/**
 * Page and referrer URL handling (spec/enrich.md §2.6): spaces become `%20`, then strict `java.net.URI`; when that
 * fails, a lenient re-encoding (as scala-uri would print it) is tried; when both fail the caller reports an
 * enrichment failure. Components follow `ConversionUtils.explodeUri`.
 */
import { JavaUri, parseJavaUri } from './java-uri';
import { makeTsvSafe } from './conversions';

export type UriResult = { ok: true; uri: JavaUri } | { ok: false; error: string };

const URI_ASCII_OK = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,[]") {
  URI_ASCII_OK[c.charCodeAt(0)] = 1;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Percent-encodes what Java rejects: malformed `%` → `%25`, illegal or non-ASCII chars → UTF-8 escapes, 2nd `#`. */
export function lenientEncode(url: string): string {
  let out = '';
  let sawHash = false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 37) {
      out += i + 2 < url.length && isHex(url.charCodeAt(i + 1)) && isHex(url.charCodeAt(i + 2)) ? '%' : '%25';
    } else if (c === 35) {
      out += sawHash ? '%23' : '#';
      sawHash = true;
    } else if (c < 128 && URI_ASCII_OK[c] === 1) {
      out += url[i];
    } else {
      const cp = url.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      // A lone surrogate has no UTF-8 form: Java would print it as `?` bytes; encode U+FFFD instead.
      out += cp >= 0xd800 && cp <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(ch);
    }
  }
  return out;
}

/** `ConversionUtils.stringToUri`. */
export function stringToUri(url: string): UriResult {
  const strict = parseJavaUri(url.includes(' ') ? url.replace(/ /g, '%20') : url);
  if (strict.ok) return strict;
  const lenient = parseJavaUri(lenientEncode(url));
  if (lenient.ok) return lenient;
  return {
    ok: false,
    error:
      `Provided URI [${url}] could not be parsed, neither by Java parsing (error: [${strict.error}]) ` +
      `nor by Scala parsing (error: [${lenient.error}]).`,
  };
}

export interface UriComponents {
  scheme: string | null;
  host: string | null;
  port: string;
  path: string | null;
  query: string | null;
  fragment: string | null;
}

/** `ConversionUtils.explodeUri`: default port 443 only for exactly `https`, else 80; raw components, TSV-safe. */
export function explodeUri(uri: JavaUri): UriComponents {
  const port = uri.port !== -1 ? uri.port : uri.scheme === 'https' ? 443 : 80;
  return {
    scheme: uri.scheme,
    host: uri.host,
    port: String(port),
    path: makeTsvSafe(uri.rawPath),
    query: makeTsvSafe(uri.rawQuery),
    fragment: makeTsvSafe(uri.rawFragment),
  };
}
