/**
 * `ua_parser_config` (spec/enrich.md §4.3): the `ua_parser_context` derived context from uap-core's rules (the npm
 * `uap-core` package's regexes.yaml, or a custom rules file from the config's `uri` + `database`). Rules are compiled
 * at start-up; results are cached per user agent (LRU, 5,000 entries as Snowplow). Atomic br_* / os_* fields are not
 * touched.
 */
import type { SelfDescribingJson } from '../model/self-describing';
import { checkParameters } from './config/parameters';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { LruCache } from './lru-cache';
import { shareEntityData } from '../model/shared-entity-data';
import { ownCopy } from './own-string';
import { defaultUapParser, loadUapRulesFile, UapParser, UapResult, UaParts } from './uap-rules';

export const UA_PARSER_CONTEXT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0';
const NAME = 'ua_parser_config';
/** User agents cached: two generations of 5,000 (Snowplow keeps an LRU of 5,000). */
const CACHE_ENTRIES = 10_000;

interface UaParserParameters {
  readonly uri?: string;
  readonly database?: string;
}

const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: {
    uri: { type: 'string', minLength: 1 },
    database: { type: 'string', minLength: 1, pattern: '^[^/\\\\]+$', not: { enum: ['.', '..'] } },
  },
  dependencies: { uri: ['database'], database: ['uri'] },
  additionalProperties: false,
};

/** `family` + ` major` + `.minor` + `.patch` (+ `.patchMinor`), leaving out absent parts (uap-java `prettyPrint`). */
function prettyVersion(p: UaParts, withPatchMinor: boolean): string {
  let s = p.family;
  if (p.major !== null) s += ` ${p.major}`;
  if (p.minor !== null) s += `.${p.minor}`;
  if (p.patch !== null) s += `.${p.patch}`;
  if (withPatchMinor && p.patchMinor !== null) s += `.${p.patchMinor}`;
  return s;
}

/** The context, keys in Snowplow's order. */
export function uaParserContext(r: UapResult): SelfDescribingJson {
  return {
    schema: UA_PARSER_CONTEXT_SCHEMA,
    data: {
      useragentFamily: r.userAgent.family,
      useragentMajor: r.userAgent.major,
      useragentMinor: r.userAgent.minor,
      useragentPatch: r.userAgent.patch,
      useragentVersion: prettyVersion(r.userAgent, false),
      osFamily: r.os.family,
      osMajor: r.os.major,
      osMinor: r.os.minor,
      osPatch: r.os.patch,
      osPatchMinor: r.os.patchMinor,
      osVersion: prettyVersion(r.os, true),
      deviceFamily: r.device.family,
    },
  };
}

export class UaParserEnrichment implements Enrichment {
  readonly slot = 'ua_parser' as const;
  readonly name = NAME;
  #parser: UapParser;
  #cache = new LruCache<string, SelfDescribingJson>(CACHE_ENTRIES);

  constructor(parser: UapParser) {
    this.#parser = parser;
  }

  /** Swaps the rules (refreshed custom file) and empties the cache. */
  replaceParser(parser: UapParser): void {
    this.#parser = parser;
    this.#cache = new LruCache<string, SelfDescribingJson>(CACHE_ENTRIES);
  }

  enrich({ event }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const ua = event.useragent;
    if (ua === null || ua === '') return undefined;
    let context = this.#cache.get(ua);
    if (context === undefined) {
      // Parsed from an own copy: the context's strings are cut from it, and the cache keeps them.
      context = uaParserContext(this.#parser.parse(ownCopy(ua)));
      shareEntityData(context.data as object);
      this.#cache.addMissing(ua, context);
    }
    // Every event with this user agent shares the frozen data (PII and JavaScript rewrite copies, never in place);
    // the TSV writer serialises it once.
    return { contexts: [{ schema: context.schema, data: context.data }] };
  }
}

export const uaParserFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    const params = checkParameters<UaParserParameters>(parameters ?? {}, PARAMETERS_SCHEMA, ctx.file, NAME);
    if (params.uri === undefined || params.database === undefined) return new UaParserEnrichment(defaultUapParser());
    const { uri, database } = params;
    const path = await ctx.fetchFile(uri, database);
    let parser: UapParser;
    try {
      parser = loadUapRulesFile(path);
    } catch (e) {
      throw new EnrichmentConfigError(ctx.file, NAME, `rules file ${database}: ${(e as Error).message}`);
    }
    const enrichment = new UaParserEnrichment(parser);
    ctx.watchFile?.(uri, database, (p) => {
      enrichment.replaceParser(loadUapRulesFile(p));
      ctx.log.info({ database }, 'ua-parser rules reloaded');
    });
    return enrichment;
  },
};
