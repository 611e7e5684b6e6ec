/**
 * Cookie Domain selection (spec/collector.md §2.3): the first configured domain (config order) that any Origin
 * host equals or is a subdomain of; else the fallback domain; else no Domain attribute. Case-sensitive.
 */
import type { ParsedOrigin } from '../http/origin';

export function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.length > domain.length && host.endsWith(domain) && host.charCodeAt(host.length - domain.length - 1) === 46 /* . */);
}

export function chooseCookieDomain(
  origins: readonly ParsedOrigin[] | undefined,
  domains: readonly string[],
  fallbackDomain: string | null,
): string | undefined {
  if (origins !== undefined && origins.length > 0) {
    for (const d of domains) {
      for (const o of origins) if (domainMatches(o.host, d)) return d;
    }
  }
  return fallbackDomain ?? undefined;
}
