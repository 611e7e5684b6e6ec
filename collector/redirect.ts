/**
 * Click redirects (`/r/tp2?…&u=<url>`, spec/collector.md §1.5) without an open redirect: the target must be an
 * absolute http(s) URL without credentials whose host is exactly one of `redirectDomains` (an empty list allows
 * nothing). The Location header gets the URL as re-serialised by the WHATWG parser — ASCII only, tabs and
 * newlines removed — never the raw parameter.
 */
import { firstQueryParam } from './identity/network-user-id';

export class RedirectPolicy {
  readonly #allowed: ReadonlySet<string>;

  constructor(domains: readonly string[]) {
    this.#allowed = new Set(domains.map((d) => d.toLowerCase()));
  }

  /** The Location for a redirect request, or undefined when it must be refused (400). */
  target(query: string): string | undefined {
    const u = firstQueryParam(query, 'u');
    if (u === undefined || u === '' || u.length > 8192) return undefined;
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username !== '' || url.password !== '') return undefined;
    if (!this.#allowed.has(url.hostname)) return undefined;
    return url.href;
  }
}
