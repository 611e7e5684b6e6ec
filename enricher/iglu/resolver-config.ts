/**
 * Snowplow's Iglu resolver configuration, accepted unchanged (spec/iglu-and-output.md §1.4):
 * `{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-{0,1,2,3}", "data": {...}}`.
 *
 * Like Snowplow's client, any 1-0-* version is read with the most lenient reading of the four (`apikey` is accepted
 * in 1-0-0, `cacheTtl` in 1-0-1). Keys that no version defines are rejected, every problem is reported at once.
 */
import { dirname, resolve } from 'node:path';
import { ConfigError, readConfigFile } from '../../common/config/load-config';

export const RESOLVER_CONFIG_SCHEMA_PREFIX = 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-';

export type RepositoryConnection =
  | { readonly embedded: { readonly path: string } }
  | { readonly http: { readonly uri: string; readonly apikey: string | null } };

export interface RepositoryConfig {
  readonly name: string;
  /** Lower is tried first (after vendor-prefix matches and the class order embedded < http). */
  readonly priority: number;
  readonly vendorPrefixes: readonly string[];
  readonly connection: RepositoryConnection;
}

export interface ResolverConfig {
  /** Maximum number of cached lookups (hits and misses); 0 disables the cache. */
  readonly cacheSize: number;
  /** Seconds a cached lookup stays fresh; null = until evicted; 0 disables the cache (as Snowplow's client). */
  readonly cacheTtlSecs: number | null;
  readonly repositories: readonly RepositoryConfig[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Json, allowed: readonly string[], at: string, problems: string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) problems.push(`${at}: unknown key ${JSON.stringify(k)}`);
}

function parseConnection(raw: unknown, at: string, problems: string[]): RepositoryConnection | undefined {
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object with either "embedded" or "http"`);
    return undefined;
  }
  const kinds = Object.keys(raw);
  if (kinds.length !== 1 || (kinds[0] !== 'embedded' && kinds[0] !== 'http')) {
    problems.push(`${at}: must have exactly one of "embedded" or "http" (found ${JSON.stringify(kinds)})`);
    return undefined;
  }
  if (kinds[0] === 'embedded') {
    const e = raw.embedded;
    if (!isObject(e) || typeof e.path !== 'string' || e.path === '') {
      problems.push(`${at}.embedded.path: must be a non-empty string`);
      return undefined;
    }
    unknownKeys(e, ['path'], `${at}.embedded`, problems);
    return { embedded: { path: e.path } };
  }
  const h = raw.http;
  if (!isObject(h) || typeof h.uri !== 'string') {
    problems.push(`${at}.http.uri: must be a string`);
    return undefined;
  }
  unknownKeys(h, ['uri', 'apikey'], `${at}.http`, problems);
  let url: URL | undefined;
  try {
    url = new URL(h.uri);
  } catch {
    problems.push(`${at}.http.uri: not a URI: ${JSON.stringify(h.uri)}`);
  }
  if (url !== undefined && url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${at}.http.uri: only http and https are supported, got ${JSON.stringify(url.protocol)}`);
  }
  if (h.apikey !== undefined && h.apikey !== null && typeof h.apikey !== 'string') {
    problems.push(`${at}.http.apikey: must be a string or null`);
  }
  return { http: { uri: h.uri, apikey: typeof h.apikey === 'string' ? h.apikey : null } };
}

function parseRepository(raw: unknown, at: string, problems: string[]): RepositoryConfig | undefined {
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object`);
    return undefined;
  }
  unknownKeys(raw, ['name', 'priority', 'vendorPrefixes', 'connection'], at, problems);
  const before = problems.length;
  if (typeof raw.name !== 'string' || raw.name === '') problems.push(`${at}.name: must be a non-empty string`);
  if (typeof raw.priority !== 'number' || !Number.isFinite(raw.priority)) problems.push(`${at}.priority: must be a number`);
  const prefixes = raw.vendorPrefixes;
  if (!Array.isArray(prefixes) || !prefixes.every((p): p is string => typeof p === 'string')) {
    problems.push(`${at}.vendorPrefixes: must be an array of strings`);
  }
  const connection = parseConnection(raw.connection, `${at}.connection`, problems);
  if (problems.length > before || connection === undefined) return undefined;
  return {
    name: raw.name as string,
    priority: raw.priority as number,
    vendorPrefixes: Object.freeze([...(prefixes as string[])]),
    connection,
  };
}

/**
 * Parses a resolver config: the self-describing JSON Snowplow uses, or (for convenience) its bare `data` object.
 * Throws ConfigError listing every problem.
 */
export function parseResolverConfig(raw: unknown, source = 'resolver config'): ResolverConfig {
  const problems: string[] = [];
  let data: unknown = raw;
  if (isObject(raw) && 'schema' in raw) {
    unknownKeys(raw, ['schema', 'data'], '$', problems);
    if (typeof raw.schema !== 'string' || !raw.schema.startsWith(RESOLVER_CONFIG_SCHEMA_PREFIX)) {
      problems.push(`$.schema: must be ${RESOLVER_CONFIG_SCHEMA_PREFIX}* (got ${JSON.stringify(raw.schema)})`);
    }
    data = raw.data;
  }
  if (!isObject(data)) throw new ConfigError(source, [...problems, '$.data: must be an object']);
  unknownKeys(data, ['cacheSize', 'cacheTtl', 'repositories'], '$.data', problems);
  const { cacheSize, cacheTtl, repositories } = data;
  if (typeof cacheSize !== 'number' || !Number.isFinite(cacheSize) || cacheSize < 0) {
    problems.push('$.data.cacheSize: must be a number >= 0');
  }
  const ttlOk = cacheTtl === undefined || cacheTtl === null || (Number.isInteger(cacheTtl) && (cacheTtl as number) >= 0);
  if (!ttlOk) problems.push('$.data.cacheTtl: must be an integer >= 0 (seconds) or null');
  const repos: RepositoryConfig[] = [];
  if (!Array.isArray(repositories)) problems.push('$.data.repositories: must be an array');
  else {
    repositories.forEach((r, i) => {
      const repo = parseRepository(r, `$.data.repositories[${i}]`, problems);
      if (repo !== undefined) repos.push(repo);
    });
    const seen = new Set<string>();
    for (const r of repos) {
      if (seen.has(r.name)) problems.push(`$.data.repositories: repository names must be unique (${JSON.stringify(r.name)})`);
      seen.add(r.name);
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return Object.freeze({
    cacheSize: Math.floor(cacheSize as number),
    cacheTtlSecs: typeof cacheTtl === 'number' ? cacheTtl : null,
    repositories: Object.freeze(repos.map((r) => Object.freeze(r))),
  });
}

/** Reads and parses a resolver config file (JSON, or YAML); relative embedded paths resolve against its directory. */
export function loadResolverConfigFile(file: string): { config: ResolverConfig; baseDir: string } {
  const abs = resolve(file);
  return { config: parseResolverConfig(readConfigFile(abs), abs), baseDir: dirname(abs) };
}
