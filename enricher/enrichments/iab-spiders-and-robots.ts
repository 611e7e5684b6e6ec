/**
 * `iab_spiders_and_robots_enrichment` (spec/enrich.md §4.13): classifies the event with the IAB/ABC Spiders & Bots
 * lists (./iab-lists.ts) from the user agent, the un-anonymised IP and `derived_tstamp` (for records with an
 * inactive date), as Snowplow's iab-spiders-and-robots-java-client does, and adds
 * `iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0`. Check order: inline include list, inline exclude
 * list (1-0-1), IP list, include list, exclude list.
 */
import { readFileSync } from 'node:fs';
import type { SelfDescribingJson } from '../model/self-describing';
import { checkParameters, FILE_REF_SCHEMA, FileRef } from './config/parameters';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import {
  excludeRecordMatches,
  ExcludeRecord,
  IncludeRecord,
  IpRanges,
  matchesPattern,
  parseExcludeList,
  parseIncludeList,
  PrimaryImpact,
} from './iab-lists';
import { normaliseIp } from './ip-address';
import { LruCache } from './lru-cache';

export const SPIDERS_AND_ROBOTS_SCHEMA = 'iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0';
const NAME = 'iab_spiders_and_robots_enrichment';

interface IabParameters {
  readonly ipFile: FileRef;
  readonly excludeUseragentFile: FileRef;
  readonly includeUseragentFile: FileRef;
  readonly includeUseragents?: readonly string[];
  readonly excludeUseragents?: readonly string[];
}

const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: {
    ipFile: FILE_REF_SCHEMA,
    excludeUseragentFile: FILE_REF_SCHEMA,
    includeUseragentFile: FILE_REF_SCHEMA,
    includeUseragents: { type: 'array', items: { type: 'string' } },
    excludeUseragents: { type: 'array', items: { type: 'string' } },
  },
  required: ['ipFile', 'excludeUseragentFile', 'includeUseragentFile'],
  additionalProperties: false,
};

export type IabCategory = 'SPIDER_OR_ROBOT' | 'ACTIVE_SPIDER_OR_ROBOT' | 'INACTIVE_SPIDER_OR_ROBOT' | 'BROWSER';
export type IabReason = 'FAILED_IP_EXCLUDE' | 'FAILED_UA_INCLUDE' | 'FAILED_UA_EXCLUDE' | 'PASSED_ALL';

export interface IabResult {
  readonly spiderOrRobot: boolean;
  readonly category: IabCategory;
  readonly reason: IabReason;
  readonly primaryImpact: PrimaryImpact;
}

const BROWSER: IabResult = { spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE' };
const robot = (category: IabCategory, reason: IabReason, primaryImpact: PrimaryImpact): IabResult => ({ spiderOrRobot: true, category, reason, primaryImpact });

export interface IabLists {
  readonly ipRanges: IpRanges;
  readonly include: readonly IncludeRecord[];
  readonly exclude: readonly ExcludeRecord[];
  readonly customInclude: readonly string[];
  readonly customExclude: readonly string[];
}

/** What a user agent matches, independent of the event time (cached per user agent). */
interface UaMatch {
  readonly customInclude: boolean;
  readonly customExclude: boolean;
  readonly includeMatches: readonly IncludeRecord[];
  readonly exclude: ExcludeRecord | null;
}

/** The IAB client's decision for one event. `ua` is the trimmed user agent, `ip` a normalised address. */
export class IabClassifier {
  readonly #cache = new LruCache<string, UaMatch>(5_000);

  constructor(readonly lists: IabLists) {}

  classify(ua: string | null, ip: string | null, accurateAt: number): IabResult {
    const m = ua === null ? null : this.#uaMatch(ua);
    if (m?.customInclude) return BROWSER;
    if (m?.customExclude) return robot('SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'UNKNOWN');
    if (ip !== null && this.lists.ipRanges.contains(ip)) return robot('SPIDER_OR_ROBOT', 'FAILED_IP_EXCLUDE', 'UNKNOWN');
    if (m === null) return BROWSER;
    const included = m.includeMatches.some((r) => r.active || (r.inactiveDate !== null && accurateAt < r.inactiveDate));
    if (!included) return robot('SPIDER_OR_ROBOT', 'FAILED_UA_INCLUDE', 'UNKNOWN');
    const ex = m.exclude;
    if (ex === null) return BROWSER;
    const active = ex.inactiveDate === null || accurateAt < ex.inactiveDate;
    return robot(active ? 'ACTIVE_SPIDER_OR_ROBOT' : 'INACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', ex.primaryImpact);
  }

  #uaMatch(ua: string): UaMatch {
    let m = this.#cache.get(ua);
    if (m === undefined) {
      const lower = ua.toLowerCase();
      const { lists } = this;
      m = {
        customInclude: lists.customInclude.some((p) => lower.includes(p)),
        customExclude: lists.customExclude.some((p) => lower.includes(p)),
        includeMatches: lists.include.filter((r) => matchesPattern(lower, r.pattern, r.startOfString)),
        exclude: lists.exclude.find((r) => excludeRecordMatches(r, lower)) ?? null,
      };
      this.#cache.set(ua, m);
    }
    return m;
  }
}

/** `yyyy-MM-dd HH:mm:ss.SSS` (UTC, the TSV timestamp form) → epoch ms, or null. */
export function parseTsvTimestamp(text: string | null): number | null {
  const m = text === null ? null : /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return Number.isFinite(t) ? t : null;
}

export class IabSpidersAndRobotsEnrichment implements Enrichment {
  readonly slot = 'iab_spiders_and_robots' as const;
  readonly name = NAME;
  #classifier: IabClassifier;

  constructor(lists: IabLists) {
    this.#classifier = new IabClassifier(lists);
  }

  get lists(): IabLists {
    return this.#classifier.lists;
  }

  /** Swaps the lists (a refreshed file) and empties the cache. */
  replaceLists(lists: IabLists): void {
    this.#classifier = new IabClassifier(lists);
  }

  enrich({ event }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const ua = event.useragent?.trim() || null;
    const ip = normaliseIp(event.user_ipaddress);
    if (ua === null && ip === null) return undefined;
    const at = parseTsvTimestamp(event.derived_tstamp) ?? parseTsvTimestamp(event.collector_tstamp) ?? Date.now();
    const r = this.#classifier.classify(ua, ip, at);
    return {
      contexts: [
        { schema: SPIDERS_AND_ROBOTS_SCHEMA, data: { spiderOrRobot: r.spiderOrRobot, category: r.category, reason: r.reason, primaryImpact: r.primaryImpact } },
      ],
    };
  }
}

type ListKey = 'ipFile' | 'excludeUseragentFile' | 'includeUseragentFile';
const LIST_KEYS: readonly ListKey[] = ['ipFile', 'excludeUseragentFile', 'includeUseragentFile'];

/** The lists are ISO-8859-1 text files (as the Java client reads them). */
function readList(path: string): string {
  return readFileSync(path).toString('latin1');
}

function parseList(key: ListKey, path: string, database: string): Partial<IabLists> {
  const text = readList(path);
  if (key === 'ipFile') return { ipRanges: IpRanges.parse(text, database) };
  if (key === 'excludeUseragentFile') return { exclude: parseExcludeList(text, database) };
  return { include: parseIncludeList(text, database) };
}

export const iabSpidersAndRobotsFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow.enrichments',
  name: NAME,
  model: 1,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    const params = checkParameters<IabParameters>(parameters, PARAMETERS_SCHEMA, ctx.file, NAME);
    const paths = await Promise.all(LIST_KEYS.map((k) => ctx.fetchFile(params[k].uri, params[k].database)));
    const lists: Record<string, unknown> = {
      customInclude: (params.includeUseragents ?? []).map((p) => p.toLowerCase()).filter((p) => p !== ''),
      customExclude: (params.excludeUseragents ?? []).map((p) => p.toLowerCase()).filter((p) => p !== ''),
    };
    LIST_KEYS.forEach((key, i) => {
      try {
        Object.assign(lists, parseList(key, paths[i], params[key].database));
      } catch (e) {
        throw new EnrichmentConfigError(ctx.file, NAME, `${key} ${params[key].database}: ${(e as Error).message}`);
      }
    });
    const enrichment = new IabSpidersAndRobotsEnrichment(lists as unknown as IabLists);
    for (const key of LIST_KEYS) {
      ctx.watchFile?.(params[key].uri, params[key].database, (path) => {
        enrichment.replaceLists({ ...enrichment.lists, ...parseList(key, path, params[key].database) });
        ctx.log.info({ database: params[key].database }, 'IAB list reloaded');
      });
    }
    return enrichment;
  },
};
