/**
 * referer_parser — `iglu:com.snowplowanalytics.snowplow/referer_parser/jsonschema/2-0-*` (spec/enrich.md §4.7).
 * Classifies the referrer (already split into `refr_url*` by the pipeline) with Snowplow's referer database, loaded
 * at start-up from `uri` + `database` and reloaded when the framework reports a refresh:
 * - only `http`, `https` and `android-app` referrers with a host are classified;
 * - a host equal to `page_urlhost` or listed in `internalDomains` → `refr_medium=internal`;
 * - a database hit → its medium and source, and for `search` the first referrer query parameter named in the entry's
 *   `parameters` → `refr_term`;
 * - otherwise `refr_medium=unknown`.
 * Inline `referrers` (schema 2-0-1, same structure as the database) are added on top of the file.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../common/logger';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext } from './enrichment';
import { parseQuerystringPairs } from './campaign-attribution-querystring';
import {
  compileRefererDatabase,
  lookupReferer,
  parseRefererDatabaseText,
  RefererDatabase,
  RefererEntry,
} from './referer-parser-database';
import { makeTsvSafe } from './referer-parser-tsv-safe';

const NAME = 'referer_parser';
const CLASSIFIED_SCHEMES = new Set(['http', 'https', 'android-app']);

export interface RefererParserConfig {
  readonly uri: string;
  readonly database: string;
  readonly internalDomains: readonly string[];
  /** Inline custom referrers (2-0-1), same structure as the database. */
  readonly referrers: unknown;
}

export interface RefererClassification {
  readonly medium: string;
  readonly source: string | null;
  readonly term: string | null;
}

export function parseRefererParserConfig(parameters: unknown, file: string): RefererParserConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with uri, database and internalDomains');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!['uri', 'database', 'internalDomains', 'referrers'].includes(key)) fail(`unknown parameter "${key}"`);
  }
  if (typeof p.uri !== 'string' || p.uri === '') fail('parameters.uri must be the location of the database folder (e.g. "s3://my-bucket/referer-parser/")');
  if (typeof p.database !== 'string' || p.database === '') fail('parameters.database must be the database file name (e.g. "referers-latest.json")');
  if (!Array.isArray(p.internalDomains) || !p.internalDomains.every((d) => typeof d === 'string')) {
    fail('parameters.internalDomains must be an array of host names (may be empty)');
  }
  return {
    uri: p.uri as string,
    database: p.database as string,
    internalDomains: p.internalDomains as string[],
    referrers: p.referrers,
  };
}

/** Classifies one referrer; null when the referrer is not classified at all (scheme, missing host). */
export function classifyReferer(
  db: RefererDatabase,
  internalDomains: ReadonlySet<string>,
  refr: { scheme: string | null; host: string | null; path: string | null; query: string | null },
  pageHost: string | null,
): RefererClassification | null {
  if (refr.scheme === null || !CLASSIFIED_SCHEMES.has(refr.scheme) || refr.host === null) return null;
  if (refr.host === pageHost || internalDomains.has(refr.host)) return { medium: 'internal', source: null, term: null };
  const entry: RefererEntry | undefined = lookupReferer(db, refr.host, refr.path ?? '');
  if (entry === undefined) return { medium: 'unknown', source: null, term: null };
  let term: string | null = null;
  if (entry.medium === 'search' && entry.parameters.length > 0) {
    term = parseQuerystringPairs(refr.query).find((p) => entry.parameters.includes(p.name))?.value ?? null;
  }
  return { medium: entry.medium, source: entry.source, term };
}

/** Reads and compiles the database file plus inline referrers; throws Error with a message naming the problem. */
export function loadRefererDatabase(path: string, config: RefererParserConfig): Map<string, RefererEntry> {
  let doc: unknown;
  try {
    doc = parseRefererDatabaseText(readFileSync(path, 'utf8'), config.database);
  } catch (err) {
    throw new Error(`cannot parse referer database ${config.database}: ${(err as Error).message}`);
  }
  const db = compileRefererDatabase(doc, config.database);
  if (config.referrers !== undefined) compileRefererDatabase(config.referrers, 'parameters.referrers', db);
  return db;
}

export function createRefererParser(initial: RefererDatabase, config: RefererParserConfig): Enrichment & {
  replaceDatabase(db: RefererDatabase): void;
} {
  let db = initial;
  const internalDomains = new Set(config.internalDomains.map((d) => d.trim()));
  return {
    slot: 'referer_parser',
    name: NAME,
    replaceDatabase(next) {
      db = next;
    },
    enrich({ event }) {
      const result = classifyReferer(
        db,
        internalDomains,
        { scheme: event.refr_urlscheme, host: event.refr_urlhost, path: event.refr_urlpath, query: event.refr_urlquery },
        event.page_urlhost,
      );
      if (result === null) return undefined;
      event.refr_medium = makeTsvSafe(result.medium);
      event.refr_source = makeTsvSafe(result.source);
      event.refr_term = makeTsvSafe(result.term);
      return undefined;
    },
  };
}

async function create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
  const config = parseRefererParserConfig(parameters, ctx.file);
  const path = await ctx.fetchFile(config.uri, config.database);
  let db: Map<string, RefererEntry>;
  try {
    db = loadRefererDatabase(path, config);
  } catch (err) {
    throw new EnrichmentConfigError(ctx.file, NAME, (err as Error).message);
  }
  const enrichment = createRefererParser(db, config);
  ctx.watchFile?.(config.uri, config.database, (next) => reload(next, config, enrichment, ctx.log));
  return enrichment;
}

function reload(path: string, config: RefererParserConfig, target: { replaceDatabase(db: RefererDatabase): void }, log: Logger): void {
  try {
    target.replaceDatabase(loadRefererDatabase(path, config));
    log.info({ enrichment: NAME, database: config.database }, 'Referer database reloaded.');
  } catch (err) {
    log.error({ enrichment: NAME, database: config.database, error: (err as Error).message }, 'Referer database refresh rejected; keeping the previous one.');
  }
}

export const refererParserFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 2,
  create,
};
