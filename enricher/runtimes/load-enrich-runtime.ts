import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Registry } from 'prom-client';
import type { Logger } from '../../common/logger';
import { SLEET_VERSION } from '../../common/version';
import type { EnrichDeps, EnrichPayload } from '../api';
import { EMPTY_REGISTRY } from '../enrichments/enrichment';
import type { IgluValidatorOptions } from '../iglu';
import type { EnrichConfig } from './config-fragments';
import { bindEnrich, type EnrichFn } from './enrich-records';

/** The enrichment core, ready: resolver, validators and enrichments loaded once (per process / Lambda container). */
export interface EnrichRuntime {
  readonly enrich: EnrichFn;
  readonly deps: EnrichDeps;
  close(): Promise<void>;
}

interface EnrichPayloadModule {
  readonly enrichPayload: EnrichPayload;
}

/**
 * Builds the Iglu validator from the resolver config (Sleet's default when none), the enrichment registry from
 * the enrichments directory (none when null), and binds enrichPayload (enricher/enrich-payload.ts) to them.
 * Throws a ConfigError-like error naming the file on any bad config.
 */
export interface EnrichRuntimeOptions {
  readonly log: Logger;
  readonly metrics?: Registry;
  readonly s3Client?: S3Client;
  /** Replaces enricher/enrich-payload.ts (tests of a runtime alone). */
  readonly enrichPayload?: EnrichPayload;
  /** Resolver tuning (the local mode shortens retries so that an offline registry yields a bad row quickly). */
  readonly iglu?: Pick<IgluValidatorOptions, 'retry' | 'http'>;
  /** Validate enrichment configs against their Iglu schemas at start-up (default true; needs the registry). */
  readonly validateEnrichmentConfigs?: boolean;
}

export async function loadEnrichRuntime(config: EnrichConfig, opts: EnrichRuntimeOptions): Promise<EnrichRuntime> {
  // Lazy requires: the Lambda bundle and `sleet collector` never pay for modules they do not use.
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy CommonJS loads of the core (see above) */
  const iglu = require('../iglu') as typeof import('../iglu');
  const { config: resolverConfig, baseDir } =
    config.resolverConfigFile === null ? iglu.defaultResolverConfig() : iglu.loadResolverConfigFile(config.resolverConfigFile);
  const validator = iglu.createIgluValidator(resolverConfig, { baseDir, log: opts.log.child({ component: 'iglu' }), metrics: opts.metrics, ...opts.iglu });
  let enrichments = EMPTY_REGISTRY;
  if (config.enrichmentsDir !== null) {
    const { createEnrichmentRegistry } = require('../enrichments/config') as typeof import('../enrichments/config');
    const { ALL_FACTORIES } = require('../enrichments/factories') as typeof import('../enrichments/factories');
    mkdirSync(config.enrichmentCacheDir, { recursive: true });
    enrichments = await createEnrichmentRegistry(
      { path: config.enrichmentsDir },
      {
        log: opts.log.child({ component: 'enrichments' }),
        factories: ALL_FACTORIES,
        cacheDir: config.enrichmentCacheDir,
        refreshIntervalSecs: config.enrichmentFilesRefreshSecs > 0 ? config.enrichmentFilesRefreshSecs : undefined,
        iglu: opts.validateEnrichmentConfigs === false ? undefined : validator,
        s3Client: opts.s3Client,
        baseDir: dirname(config.enrichmentsDir),
      },
    );
  }
  const enrichPayload = opts.enrichPayload ?? (require('../enrich-payload') as EnrichPayloadModule).enrichPayload;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const deps: EnrichDeps = {
    iglu: validator,
    enrichments,
    processor: { artifact: 'sleet', version: SLEET_VERSION },
    maxRecordBytes: config.maxRecordBytes,
    log: opts.log.child({ component: 'enrich' }),
  };
  return { enrich: bindEnrich(enrichPayload, deps), deps, close: () => enrichments.close() };
}
