/**
 * http_header_extractor_config —
 * `iglu:com.snowplowanalytics.snowplow.enrichments/http_header_extractor_config/jsonschema/1-0-0`
 * (spec/enrich.md §4.11). Every collector-payload header whose name (text before the first `:`) matches
 * `headersPattern` as a whole (Java `String.matches`, case-sensitive) becomes an `org.ietf/http_header/1-0-0`
 * derived context `{name, value}` (both trimmed), in header order.
 */
import type { SelfDescribingJson } from '../model/self-describing';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from './enrichment';

const NAME = 'http_header_extractor_config';
export const HTTP_HEADER_SCHEMA = 'iglu:org.ietf/http_header/jsonschema/1-0-0';

export interface HttpHeaderExtractorConfig {
  readonly headersPattern: RegExp;
}

/**
 * Compiles a Java regex as a whole-string JS matcher. A leading `(?i)` (common in Snowplow configs) becomes the `i`
 * flag; other Java-only syntax (possessive quantifiers, `\p{javaLowerCase}` …) is rejected by the JS engine at
 * start-up with the engine's message.
 */
export function compileJavaWholeMatch(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  return new RegExp(`^(?:${source})$`, flags);
}

export function parseHttpHeaderExtractorConfig(parameters: unknown, file: string): HttpHeaderExtractorConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with a "headersPattern" regex');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) if (key !== 'headersPattern') fail(`unknown parameter "${key}"`);
  if (typeof p.headersPattern !== 'string') return fail('parameters.headersPattern must be a regex string (e.g. ".*")');
  try {
    return { headersPattern: compileJavaWholeMatch(p.headersPattern) };
  } catch (err) {
    return fail(`parameters.headersPattern ${JSON.stringify(p.headersPattern)} is not a valid regex: ${(err as Error).message}`);
  }
}

/** Java's `String.trim`: strips characters up to U+0020 at both ends (JS `trim` strips a different set). */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

export function extractHeaders(headers: readonly string[], pattern: RegExp): SelfDescribingJson[] {
  const contexts: SelfDescribingJson[] = [];
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon < 0) continue;
    const name = header.slice(0, colon);
    if (!pattern.test(name)) continue;
    contexts.push({ schema: HTTP_HEADER_SCHEMA, data: { name: javaTrim(name), value: javaTrim(header.slice(colon + 1)) } });
  }
  return contexts;
}

export function createHttpHeaderExtractor(config: HttpHeaderExtractorConfig): Enrichment {
  return {
    slot: 'http_header_extractor',
    name: NAME,
    enrich({ raw }) {
      const contexts = extractHeaders(raw.headers, config.headersPattern);
      return contexts.length > 0 ? { contexts } : undefined;
    },
  };
}

export const httpHeaderExtractorFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow.enrichments',
  name: NAME,
  model: 1,
  create: async (parameters, ctx) => createHttpHeaderExtractor(parseHttpHeaderExtractorConfig(parameters, ctx.file)),
};
