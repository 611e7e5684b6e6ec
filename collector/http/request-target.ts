/**
 * The request-target of an HTTP/1.1 request line, split without decoding (the stored path and querystring are
 * the raw text, percent-encoding preserved). Targets that are not valid RFC 3986 are refused before routing, as
 * collector 3.x does (spec/collector.md §1.9): this also keeps control characters, spaces, quotes and non-ASCII
 * bytes out of everything downstream.
 */
export interface RequestTarget {
  /** Raw path, e.g. `/com.snowplowanalytics.snowplow/tp2`. */
  readonly path: string;
  /** Raw query string without `?`, `''` when absent. */
  readonly query: string;
  /** Authority of an absolute-form target (`GET http://host/i`), else undefined. */
  readonly authority: string | undefined;
}

// pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; the query adds "/" and "?".
const OUTSIDE_RFC3986 = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const ABSOLUTE_FORM = /^https?:\/\/([^/?]*)(.*)$/i;

/** Splits and validates a request-target; undefined when it must be refused with 400. */
export function parseRequestTarget(url: string): RequestTarget | undefined {
  if (url === '*') return { path: '*', query: '', authority: undefined };
  if (OUTSIDE_RFC3986.test(url) || (url.includes('%') && BAD_PERCENT.test(url))) return undefined;
  let authority: string | undefined;
  let rest = url;
  if (url.charCodeAt(0) !== 47 /* / */) {
    const m = ABSOLUTE_FORM.exec(url);
    if (m === null) return undefined;
    authority = m[1];
    rest = m[2] === '' ? '/' : m[2];
    if (rest.charCodeAt(0) === 63 /* ? */) rest = `/${rest}`;
  }
  const q = rest.indexOf('?');
  if (q < 0) return { path: rest, query: '', authority };
  return { path: rest.slice(0, q), query: rest.slice(q + 1), authority };
}
