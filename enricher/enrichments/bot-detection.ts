/**
 * Sleet's own bot detection (config `iglu:dev.sleet/bot_detection_config/jsonschema/1-0-0`): classifies the user
 * agent with the `isbot` package (Unlicense, a maintained pattern list; no licensed data needed) and adds
 * `iglu:dev.sleet/bot_detection_context/jsonschema/1-0-0` `{"isBot": …, "matchedPattern": …}`, where
 * `matchedPattern` is the part of the user agent that matched (isbot's `isbotMatch`).
 * Parameters (all optional): `additionalPatterns` (regular expressions, case-insensitive, added to isbot's list) and
 * `excludedPatterns` (entries of isbot's list to drop, e.g. to count a monitoring tool as a visitor).
 * Runs in the `bot_detection` slot, where Snowplow runs its own bot detection enrichment.
 */
import { list as isbotList } from 'isbot';
import type { SelfDescribingJson } from '../model/self-describing';
import { checkParameters } from './config/parameters';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { LruCache } from './lru-cache';
import { ownCopy } from './own-string';

export const BOT_DETECTION_CONTEXT_SCHEMA = 'iglu:dev.sleet/bot_detection_context/jsonschema/1-0-0';
const NAME = 'bot_detection_config';
/** The schema's maxLength for `matchedPattern`. */
const MAX_MATCH_LENGTH = 1024;
/** isbot looks at the start of very long strings only; 4 KiB is far beyond any real user agent. */
const MAX_UA_LENGTH = 4096;

interface Parameters {
  readonly additionalPatterns?: readonly string[];
  readonly excludedPatterns?: readonly string[];
}
const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: {
    additionalPatterns: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 1000 }, maxItems: 1000 },
    excludedPatterns: { type: 'array', items: { type: 'string' }, maxItems: 10000 },
  },
  additionalProperties: false,
};

export interface BotDetectionResult {
  readonly isBot: boolean;
  readonly matchedPattern: string | null;
}

export class BotDetectionEnrichment implements Enrichment {
  readonly slot = 'bot_detection' as const;
  readonly name = NAME;
  readonly #pattern: RegExp;
  readonly #cache = new LruCache<string, BotDetectionResult>(5_000);

  constructor(patterns: readonly string[]) {
    this.#pattern = new RegExp(patterns.join('|'), 'i');
  }

  detect(ua: string): BotDetectionResult {
    let r = this.#cache.get(ua);
    if (r === undefined) {
      // An own copy: the cached matchedPattern is cut from it (see ./own-string.ts).
      const m = this.#pattern.exec(ownCopy(ua.length > MAX_UA_LENGTH ? ua.slice(0, MAX_UA_LENGTH) : ua));
      r = m ? { isBot: true, matchedPattern: m[0].slice(0, MAX_MATCH_LENGTH) } : { isBot: false, matchedPattern: null };
      this.#cache.set(ua, r);
    }
    return r;
  }

  enrich({ event }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const ua = event.useragent;
    if (ua === null || ua === '') return undefined;
    const r = this.detect(ua);
    return { contexts: [{ schema: BOT_DETECTION_CONTEXT_SCHEMA, data: { isBot: r.isBot, matchedPattern: r.matchedPattern } }] };
  }
}

export const botDetectionFactory: EnrichmentFactory = {
  vendor: 'dev.sleet',
  name: NAME,
  model: 1,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    const params = checkParameters<Parameters>(parameters ?? {}, PARAMETERS_SCHEMA, ctx.file, NAME);
    const excluded = new Set(params.excludedPatterns ?? []);
    const unknown = [...excluded].filter((p) => !isbotList.includes(p));
    if (unknown.length > 0) {
      throw new EnrichmentConfigError(ctx.file, NAME, `excludedPatterns not in isbot's list: ${unknown.map((p) => JSON.stringify(p)).join(', ')}`);
    }
    for (const p of params.additionalPatterns ?? []) {
      try {
        new RegExp(p, 'i');
      } catch (e) {
        throw new EnrichmentConfigError(ctx.file, NAME, `additionalPatterns ${JSON.stringify(p)} is not a regular expression: ${(e as Error).message}`);
      }
    }
    const patterns = [...isbotList.filter((p) => !excluded.has(p)), ...(params.additionalPatterns ?? [])];
    if (patterns.length === 0) throw new EnrichmentConfigError(ctx.file, NAME, 'no patterns left');
    return new BotDetectionEnrichment(patterns);
  },
};
