/**
 * Snowplow's referer database (the `referers-latest.json` format of snowplow-referer-parser, or the same structure in
 * YAML): `{ <medium>: { <source name>: { "domains": [host or host/path …], "parameters": [query names …] } } }`.
 * Compiled once into a map keyed by `host` or `host/path`, then looked up as scala-referer-parser does
 * (spec/enrich.md §4.7). The widely used database is GPL-licensed: Sleet never ships it; users point `uri` +
 * `database` at their copy.
 */
import { parse as parseYaml } from 'yaml';

export interface RefererEntry {
  readonly medium: string;
  readonly source: string;
  readonly parameters: readonly string[];
}

/** Domain (`host` or `host/path`) → entry. */
export type RefererDatabase = ReadonlyMap<string, RefererEntry>;

/** A medium is written to `refr_medium` (max 25 characters); `internal` and `unknown` are produced by the lookup. */
const MEDIUM_NAME = /^[a-z][a-z0-9_-]{0,24}$/;

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

/**
 * Validates and compiles a database document; `where` names it in error messages. Later entries override earlier
 * ones for the same domain (as the Java/Scala parsers' map insertion does).
 */
export function compileRefererDatabase(doc: unknown, where: string, into = new Map<string, RefererEntry>()): Map<string, RefererEntry> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${where}: expected an object of mediums, got ${describe(doc)}`);
  }
  for (const [medium, sources] of Object.entries(doc)) {
    if (!MEDIUM_NAME.test(medium)) throw new Error(`${where}: invalid medium name ${JSON.stringify(medium)}`);
    if (typeof sources !== 'object' || sources === null || Array.isArray(sources)) {
      throw new Error(`${where}: medium "${medium}" must be an object of sources, got ${describe(sources)}`);
    }
    for (const [source, spec] of Object.entries(sources as Record<string, unknown>)) {
      const at = `${where}: ${medium}.${source}`;
      if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error(`${at} must be an object`);
      const { domains, parameters, ...rest } = spec as Record<string, unknown>;
      const extra = Object.keys(rest);
      if (extra.length > 0) throw new Error(`${at} has unknown key ${JSON.stringify(extra[0])}`);
      if (!Array.isArray(domains) || domains.length === 0 || !domains.every((d) => typeof d === 'string' && d !== '')) {
        throw new Error(`${at}.domains must be a non-empty array of domain strings`);
      }
      if (parameters !== undefined && (!Array.isArray(parameters) || !parameters.every((p) => typeof p === 'string'))) {
        throw new Error(`${at}.parameters must be an array of query parameter names`);
      }
      const entry: RefererEntry = { medium, source, parameters: (parameters as string[] | undefined) ?? [] };
      for (const domain of domains as string[]) into.set(domain, entry);
    }
  }
  return into;
}

/** Parses the database file text: JSON, or YAML when the name ends in `.yml`/`.yaml`. */
export function parseRefererDatabaseText(text: string, fileName: string): unknown {
  return /\.ya?ml$/i.test(fileName) ? parseYaml(text) : JSON.parse(text);
}

/** Java `String.split` (trailing empty strings dropped). */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * scala-referer-parser's lookup: first with the path — for the host and then each parent domain, `host + path`
 * then `host + "/" + first path segment` — then without the path, host and each parent domain (down to the TLD).
 */
export function lookupReferer(db: RefererDatabase, host: string, path: string): RefererEntry | undefined {
  const segments = javaSplit(path, '/');
  const firstSegment = segments.length > 1 ? `/${segments[1]}` : null;
  for (let h: string | null = host; h !== null; h = parentDomain(h)) {
    const hit = db.get(h + path) ?? (firstSegment !== null ? db.get(h + firstSegment) : undefined);
    if (hit !== undefined) return hit;
  }
  for (let h: string | null = host; h !== null; h = parentDomain(h)) {
    const hit = db.get(h);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function parentDomain(host: string): string | null {
  const dot = host.indexOf('.');
  return dot < 0 ? null : host.slice(dot + 1);
}
