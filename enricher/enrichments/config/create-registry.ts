import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../../common/logger';
import type { IgluClientError, IgluValidator } from '../../iglu/types';
import {
  Enrichment,
  EnrichmentConfigError,
  EnrichmentFactory,
  EnrichmentFactoryContext,
  EnrichmentRegistry,
  EnrichmentSlot,
} from '../enrichment';
import { FileFetcher } from './file-fetcher';
import { EnrichmentConfigEntry, EnrichmentConfigSource, loadEnrichmentConfigs } from './load-enrichment-configs';
import { schemaVersion } from './schema-key';
import { UNSUPPORTED_ENRICHMENTS } from './unsupported';

export interface EnrichmentRegistryOptions {
  readonly log: Logger;
  /** The factories that may be configured (normally ALL_FACTORIES from ../factories). */
  readonly factories: readonly EnrichmentFactory[];
  /** Directory for downloaded enrichment files (MaxMind databases, IAB lists, rules). */
  readonly cacheDir: string;
  /** How often referenced files are checked for a new version (0 / absent: never). */
  readonly refreshIntervalSecs?: number;
  /** When given, every enabled config is also validated against its Iglu schema. */
  readonly iglu?: IgluValidator;
  readonly s3Client?: S3Client;
  readonly fetch?: typeof fetch;
  /** Base directory of relative local paths in `uri` (default: the working directory). */
  readonly baseDir?: string;
  readonly downloadTimeoutMs?: number;
}

/** Every problem found while building the registry, at once; `file`/`enrichment`/`problem` are the first one's. */
export class EnrichmentConfigErrors extends EnrichmentConfigError {
  constructor(readonly errors: readonly EnrichmentConfigError[]) {
    super(errors[0].file, errors[0].enrichment, errors[0].problem);
    this.name = 'EnrichmentConfigErrors';
    this.message =
      errors.length === 1 ? errors[0].message : `${errors.length} enrichment config problems:\n  - ${errors.map((e) => e.message).join('\n  - ')}`;
  }
}

/** The configured enrichments, grouped by slot in config order. */
export class ConfiguredEnrichments implements EnrichmentRegistry {
  readonly #bySlot = new Map<EnrichmentSlot, Enrichment[]>();
  readonly #fetcher?: FileFetcher;

  constructor(
    readonly all: readonly Enrichment[],
    fetcher?: FileFetcher,
  ) {
    this.#fetcher = fetcher;
    for (const e of all) {
      const list = this.#bySlot.get(e.slot) ?? [];
      list.push(e);
      this.#bySlot.set(e.slot, list);
    }
  }

  at(slot: EnrichmentSlot): readonly Enrichment[] {
    return this.#bySlot.get(slot) ?? NONE;
  }

  /** Checks every watched file for a new version now (the timer does this every `refreshIntervalSecs`). */
  refreshFiles(): Promise<void> {
    return this.#fetcher?.refreshNow() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.#fetcher?.close();
    await Promise.all(this.all.map((e) => e.close?.()));
  }
}

const NONE: readonly Enrichment[] = Object.freeze([]);

/** Enrichments Snowplow allows more than once (each configured script runs, in config order). */
const REPEATABLE = new Set(['javascript_script_config']);

/**
 * Loads enrichment configs exactly as Snowplow does (a directory of self-describing JSON files, or one file with the
 * `enrichments/jsonschema/1-0-0` wrapper), checks each against its factory (`<model>-0-*`) and, when an Iglu
 * validator is given, its Iglu schema; skips `enabled: false`; builds the enabled enrichments (fetching their files).
 * Any bad, unknown or unsupported config stops start-up with an EnrichmentConfigErrors listing every problem.
 */
export async function createEnrichmentRegistry(
  source: EnrichmentConfigSource,
  opts: EnrichmentRegistryOptions,
): Promise<ConfiguredEnrichments> {
  const { entries, problems } = loadEnrichmentConfigs(source);
  const byKey = new Map(opts.factories.map((f) => [`${f.vendor}/${f.name}`, f]));
  const byName = new Map(opts.factories.map((f) => [f.name, f]));
  const planned: Array<{ entry: EnrichmentConfigEntry; factory: EnrichmentFactory }> = [];
  const seen = new Map<string, string>();

  for (const entry of entries) {
    if (!entry.enabled) continue;
    const { key } = entry;
    const problem = (text: string) => problems.push(new EnrichmentConfigError(entry.file, key.name, text));
    if (UNSUPPORTED_ENRICHMENTS.has(key.name)) {
      problem('not supported yet by Sleet; remove the config or set "enabled": false');
      continue;
    }
    const factory = byKey.get(`${key.vendor}/${key.name}`);
    if (!factory) {
      const sameName = byName.get(key.name);
      problem(
        sameName
          ? `unknown schema vendor '${key.vendor}' (expected ${sameName.vendor})`
          : `unknown enrichment ${key.vendor}/${key.name}; known: ${[...byName.keys()].sort().join(', ')}`,
      );
      continue;
    }
    if (key.format !== 'jsonschema' || key.model !== factory.model || key.revision !== 0) {
      problem(`schema version ${key.format}/${schemaVersion(key)} is not accepted (expected jsonschema/${factory.model}-0-*)`);
      continue;
    }
    const earlier = seen.get(key.name);
    if (earlier !== undefined && !REPEATABLE.has(key.name)) {
      problem(`configured twice (also in ${earlier})`);
      continue;
    }
    seen.set(key.name, entry.file);
    planned.push({ entry, factory });
  }

  if (opts.iglu) {
    const igluProblems = await Promise.all(planned.map(({ entry }) => validateWithIglu(opts.iglu!, entry)));
    for (const p of igluProblems) if (p) problems.push(p);
  }
  if (problems.length > 0) throw new EnrichmentConfigErrors(problems);

  const fetcher = new FileFetcher({
    cacheDir: opts.cacheDir,
    log: opts.log.child({ component: 'enrichment-files' }),
    refreshIntervalSecs: opts.refreshIntervalSecs,
    s3Client: opts.s3Client,
    fetch: opts.fetch,
    baseDir: opts.baseDir,
    timeoutMs: opts.downloadTimeoutMs,
  });
  const results = await Promise.allSettled(planned.map(({ entry, factory }) => build(entry, factory, fetcher, opts.log)));
  const built: Enrichment[] = [];
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') {
      built.push(r.value);
      continue;
    }
    const { entry } = planned[i];
    problems.push(
      r.reason instanceof EnrichmentConfigError
        ? r.reason
        : new EnrichmentConfigError(entry.file, entry.key.name, `cannot be built: ${(r.reason as Error)?.message ?? String(r.reason)}`),
    );
  }
  if (problems.length > 0) {
    fetcher.close();
    await Promise.allSettled(built.map((e) => e.close?.()));
    throw new EnrichmentConfigErrors(problems);
  }
  opts.log.info({ enrichments: built.map((e) => e.name) }, 'enrichments configured');
  return new ConfiguredEnrichments(built, fetcher);
}

async function build(entry: EnrichmentConfigEntry, factory: EnrichmentFactory, fetcher: FileFetcher, log: Logger): Promise<Enrichment> {
  const name = entry.key.name;
  const ctx: EnrichmentFactoryContext = {
    file: entry.file,
    log: log.child({ enrichment: name }),
    config: entry.data,
    fetchFile: async (uri, database) => {
      try {
        return await fetcher.fetch(uri, database);
      } catch (e) {
        throw new EnrichmentConfigError(entry.file, name, `cannot load ${database} from ${uri}: ${(e as Error).message}`);
      }
    },
    watchFile: (uri, database, onChange) => fetcher.watch(uri, database, onChange),
  };
  return factory.create(entry.parameters, ctx, entry.schema);
}

async function validateWithIglu(iglu: IgluValidator, entry: EnrichmentConfigEntry): Promise<EnrichmentConfigError | null> {
  let result;
  try {
    result = await iglu.validate(entry.schema, entry.data);
  } catch (e) {
    return new EnrichmentConfigError(entry.file, entry.key.name, `could not be validated against ${entry.schema}: ${(e as Error).message}`);
  }
  if (result.ok) return null;
  return new EnrichmentConfigError(entry.file, entry.key.name, describeIgluError(entry.schema, result.error));
}

function describeIgluError(schema: string, error: IgluClientError): string {
  if (error.error === 'ResolutionError') return `schema ${schema} was not found in any Iglu repository`;
  if ('dataReports' in error) {
    return `does not validate against ${schema}: ${error.dataReports.map((r) => `${r.path}: ${r.message}`).join('; ')}`;
  }
  return `schema ${schema} is invalid: ${error.schemaIssues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}
