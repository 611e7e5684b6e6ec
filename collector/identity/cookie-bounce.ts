/**
 * Cookie bounce (spec/collector.md §2.6): a pixel request without any network user id is answered with a 302 to
 * itself plus `<name>=true`; if the cookie comes back the browser accepts third-party cookies. The query is
 * rebuilt from decoded pairs like http4s does: existing `<name>` pairs dropped, `<name>=true` appended, every key
 * and value re-encoded leaving only `A–Z a–z 0–9 - . _ ~ ? /` literal.
 */
import type { RequestTarget } from '../http/request-target';

function formDecode(s: string): string {
  const t = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/** Percent-encodes (UTF-8, upper-case hex) everything but `A–Z a–z 0–9 - . _ ~ ? /`. */
export function encodeQueryComponent(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3F/g, '?')
    .replace(/%2F/g, '/');
}

export function bounceQuery(query: string, name: string): string {
  const pairs: string[] = [];
  if (query !== '') {
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = formDecode(eq < 0 ? part : part.slice(0, eq));
      if (key === name) continue;
      pairs.push(eq < 0 ? encodeQueryComponent(key) : `${encodeQueryComponent(key)}=${encodeQueryComponent(formDecode(part.slice(eq + 1)))}`);
    }
  }
  pairs.push(`${encodeQueryComponent(name)}=true`);
  return pairs.join('&');
}

/**
 * The Location of a bounce: relative (`/i?…`) for origin-form requests, protocol-relative (`//host/i?…`) when the
 * request-target carried an authority, absolute when in addition `forwardedProtocol` is `http` or `https`.
 */
export function bounceLocation(target: RequestTarget, name: string, forwardedProtocol: string | undefined): string {
  const pathAndQuery = `${target.path}?${bounceQuery(target.query, name)}`;
  if (target.authority === undefined || target.authority === '') return pathAndQuery;
  const scheme = forwardedProtocol?.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? `${scheme}://${target.authority}${pathAndQuery}` : `//${target.authority}${pathAndQuery}`;
}

/** Already bouncing: the raw query contains the marker name anywhere (Snowplow's substring test). */
export function isBouncing(query: string, name: string): boolean {
  return query.includes(name);
}
