/**
 * `createIgluValidator(resolverConfig, opts)`: what the runtimes call. Builds the repositories of a Snowplow
 * resolver config (plus Sleet's own embedded `schemas/`, first, like Snowplow's implicit "Iglu Client Embedded"),
 * the resolver with its cache and retry policy, the ajv engine, and returns the IgluValidator.
 *
 * Errors: data problems are results; `validate()`/`lookupSchema()` reject only with IgluInfrastructureError
 * (a registry unreachable after the retries) — runtimes retry the batch later.
 */
import { resolve } from 'node:path';
import { Counter, Registry } from 'prom-client';
import type { Logger } from '../../common/logger';
import { silentLogger } from '../../common/logger';
import { createSchemaEngine } from './ajv-setup';
import { CompiledSchema, releaseCompiled } from './compile-schema';
import { SLEET_SCHEMAS_DIR, SLEET_VENDOR } from './defaults';
import { EmbeddedRepository } from './repositories/embedded';
import { HttpRepository, HttpTimeouts } from './repositories/http';
import type { Repository } from './repositories/repository';
import { parseResolverConfig, ResolverConfig } from './resolver-config';
import { Resolver, RetryPolicy } from './resolver';
import { IgluSchemaValidator } from './validator';

export interface IgluValidatorOptions {
  /** Directory that relative embedded paths resolve against (the resolver config file's directory). Default: cwd. */
  readonly baseDir?: string;
  /**
   * Sleet's own schemas, added as the implicit first embedded repository "Sleet Embedded" (vendor prefix
   * `dev.sleet`). Default: the package's `schemas/`; `false` leaves it out.
   */
  readonly bundledSchemasDir?: string | false;
  /** Logger, with the caller's bindings (e.g. `{ component: 'iglu' }`). */
  readonly log?: Logger;
  /** Registers `sleet_iglu_lookups_total{outcome}` when given. */
  readonly metrics?: Registry;
  /** Default: 4 attempts per repository (1 + 3 retries, as Snowplow's docs say), 100 ms × 4^n backoff, ≤ 5 s. */
  readonly retry?: Partial<RetryPolicy>;
  /** Default: 1000 ms to connect, 4000 ms per request (Snowplow's client). */
  readonly http?: Partial<HttpTimeouts>;
  /** Largest schema document accepted (default 1 MiB; Iglu Central's largest is ~32 KB). */
  readonly maxSchemaBytes?: number;
  /** Most data reports in one ValidationError (default 100). */
  readonly maxDataReports?: number;
  /** Clock and sleep, for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const SLEET_EMBEDDED_REPOSITORY = 'Sleet Embedded';

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 });
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = Object.freeze({ connectTimeoutMs: 1000, requestTimeoutMs: 4000 });
export const DEFAULT_MAX_SCHEMA_BYTES = 1024 * 1024;

function isParsed(config: unknown): config is ResolverConfig {
  return typeof config === 'object' && config !== null && 'cacheTtlSecs' in config && 'repositories' in config;
}

export function buildRepositories(config: ResolverConfig, opts: IgluValidatorOptions): Repository[] {
  const baseDir = opts.baseDir ?? process.cwd();
  const maxSchemaBytes = opts.maxSchemaBytes ?? DEFAULT_MAX_SCHEMA_BYTES;
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...opts.http };
  const repos: Repository[] = config.repositories.map((r) =>
    'embedded' in r.connection
      ? new EmbeddedRepository({ ...r, root: resolve(baseDir, r.connection.embedded.path), maxSchemaBytes })
      : new HttpRepository({ ...r, ...timeouts, uri: r.connection.http.uri, apikey: r.connection.http.apikey, maxSchemaBytes }),
  );
  const bundled = opts.bundledSchemasDir ?? SLEET_SCHEMAS_DIR;
  if (bundled !== false) {
    const root = resolve(bundled);
    const present = repos.some((r) => r instanceof EmbeddedRepository && r.location === root);
    const nameTaken = repos.some((r) => r.name === SLEET_EMBEDDED_REPOSITORY);
    if (!present && !nameTaken) {
      repos.unshift(new EmbeddedRepository({ name: SLEET_EMBEDDED_REPOSITORY, priority: 0, vendorPrefixes: [SLEET_VENDOR], root, maxSchemaBytes }));
    }
  }
  return repos;
}

function lookupCounter(registry: Registry): Counter<'outcome'> {
  const name = 'sleet_iglu_lookups_total';
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<'outcome'>;
  return new Counter({
    name,
    help: 'Iglu schema lookups that reached the repositories, by outcome (hit, miss, invalid, unavailable).',
    labelNames: ['outcome'],
    registers: [registry],
  });
}

/**
 * @param resolverConfig a Snowplow resolver config as read from its file (self-describing JSON), or the result of
 *   parseResolverConfig. Throws ConfigError when it is invalid.
 */
export function createIgluValidator(resolverConfig: unknown, opts: IgluValidatorOptions = {}): IgluSchemaValidator {
  const config = isParsed(resolverConfig) ? resolverConfig : parseResolverConfig(resolverConfig);
  const log = opts.log ?? silentLogger();
  const engine = createSchemaEngine();
  const now = opts.now ?? Date.now;
  const counter = opts.metrics === undefined ? undefined : lookupCounter(opts.metrics);
  const repositories = buildRepositories(config, opts);
  const resolver = new Resolver<CompiledSchema>({
    repositories,
    cacheSize: config.cacheSize,
    cacheTtlSecs: config.cacheTtlSecs,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    log,
    now,
    sleep: opts.sleep,
    onDiscard: (entry) => releaseCompiled(entry.compiled),
    onLookup: counter === undefined ? undefined : (outcome) => counter.inc({ outcome }),
  });
  log.info({ repositories: repositories.map((r) => ({ name: r.name, location: r.location })) }, 'Iglu resolver ready.');
  return new IgluSchemaValidator({ resolver, engine, maxDataReports: opts.maxDataReports ?? 100, now });
}
