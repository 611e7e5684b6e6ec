/**
 * cookie_extractor_config — `iglu:com.snowplowanalytics.snowplow/cookie_extractor_config/jsonschema/1-0-0`
 * (spec/enrich.md §4.10). For each `Cookie` header of the collector payload (name compared case-insensitively), each
 * cookie whose name is listed in `cookies` becomes an `org.ietf/http_cookie/1-0-0` derived context, in header order.
 */
import type { SelfDescribingJson } from '../model/self-describing';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from './enrichment';
import { parseCookieHeader } from './cookie-extractor-header';

const NAME = 'cookie_extractor_config';
export const HTTP_COOKIE_SCHEMA = 'iglu:org.ietf/http_cookie/jsonschema/1-0-0';

export interface CookieExtractorConfig {
  readonly cookies: readonly string[];
}

export function parseCookieExtractorConfig(parameters: unknown, file: string): CookieExtractorConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with a "cookies" list');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) if (key !== 'cookies') fail(`unknown parameter "${key}"`);
  if (!Array.isArray(p.cookies) || !p.cookies.every((c) => typeof c === 'string')) {
    fail('parameters.cookies must be an array of cookie names (e.g. ["sp"])');
  }
  return { cookies: p.cookies as string[] };
}

/** `Name: value` header strings → the cookie contexts for the wanted names. */
export function extractCookies(headers: readonly string[], wanted: ReadonlySet<string>): SelfDescribingJson[] {
  const contexts: SelfDescribingJson[] = [];
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon < 0 || header.slice(0, colon).toLowerCase() !== 'cookie') continue;
    for (const { name, value } of parseCookieHeader(header.slice(colon + 1))) {
      if (wanted.has(name)) contexts.push({ schema: HTTP_COOKIE_SCHEMA, data: { name, value } });
    }
  }
  return contexts;
}

export function createCookieExtractor(config: CookieExtractorConfig): Enrichment {
  const wanted = new Set(config.cookies);
  return {
    slot: 'cookie_extractor',
    name: NAME,
    enrich({ raw }) {
      if (wanted.size === 0) return undefined;
      const contexts = extractCookies(raw.headers, wanted);
      return contexts.length > 0 ? { contexts } : undefined;
    },
  };
}

export const cookieExtractorFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  create: async (parameters, ctx) => createCookieExtractor(parseCookieExtractorConfig(parameters, ctx.file)),
};
