/**
 * Request cookies: lookup by name, and the RFC 6265 sanitising applied to the Cookie entry of the stored headers
 * list (spec/collector.md §4.3).
 */

/** Value of the first cookie called `name` in a Cookie header value (several lines joined by `; `). */
export function findCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq > 0 && eq < end && header.slice(start, eq).trim() === name) return header.slice(eq + 1, end).trim();
    start = end + 1;
  }
  return undefined;
}

/** cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
function isCookieOctet(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

/**
 * Removes all whitespace, splits on `;`, drops every part with a character outside cookie-octets, re-joins with
 * `;`. Undefined when nothing survives (the Cookie entry is then left out of the headers list).
 */
export function sanitizeCookieHeader(value: string): string | undefined {
  const kept: string[] = [];
  for (const raw of value.split(';')) {
    const part = raw.replace(/[ \t]/g, '');
    if (part === '') continue;
    let ok = true;
    for (let i = 0; i < part.length; i++) {
      if (!isCookieOctet(part.charCodeAt(i))) {
        ok = false;
        break;
      }
    }
    if (ok) kept.push(part);
  }
  return kept.length === 0 ? undefined : kept.join(';');
}
