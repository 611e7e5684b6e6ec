/** Builds EnrichmentInputs and factory contexts for enrichment unit tests and benchmarks. */
import { join } from 'node:path';
import { silentLogger } from '../../../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload } from '../../../common/thrift';
import { AtomicFieldName, emptyEnrichedEvent, EnrichedEvent } from '../../model/enriched-event';
import type { RawEvent } from '../../model/raw-event';
import type { SelfDescribingJson } from '../../model/self-describing';
import type { EnrichmentFactoryContext, EnrichmentInput } from '../enrichment';

export interface TestInputSpec {
  readonly fields?: Partial<Record<AtomicFieldName, string | null>>;
  readonly contexts?: SelfDescribingJson[];
  readonly derivedContexts?: SelfDescribingJson[];
  /** `Name: value` header strings, as the collector records them. */
  readonly headers?: string[];
  readonly parameters?: Record<string, string>;
}

export function testInput(spec: TestInputSpec = {}): EnrichmentInput {
  const event: EnrichedEvent = emptyEnrichedEvent();
  const rec = event as unknown as Record<string, string | null>;
  for (const [k, v] of Object.entries(spec.fields ?? {})) rec[k] = v ?? null;
  event.contexts = spec.contexts ?? [];
  event.derived_contexts = spec.derivedContexts ?? [];
  const headers = spec.headers ?? [];
  const payload: CollectorPayload = {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: event.user_ipaddress ?? '127.0.0.1',
    timestamp: 1_700_000_000_000,
    encoding: 'UTF-8',
    collector: 'sleet-test',
    headers,
    ...(event.useragent ? { userAgent: event.useragent } : {}),
  };
  const raw: RawEvent = {
    vendor: 'com.snowplowanalytics.snowplow',
    version: 'tp2',
    parameters: new Map(Object.entries(spec.parameters ?? {})),
    contentType: null,
    loaderName: 'sleet-test',
    encoding: 'UTF-8',
    hostname: null,
    timestamp: payload.timestamp,
    ipAddress: event.user_ipaddress,
    useragent: event.useragent,
    refererUri: null,
    headers,
    userId: null,
  };
  return { event, raw, payload };
}

/** A factory context for unit tests: `uri` + `database` resolve as a local directory + file name; watchers are kept. */
export function testFactoryContext(overrides: Partial<EnrichmentFactoryContext> = {}): {
  ctx: EnrichmentFactoryContext;
  watchers: Array<{ uri: string; database: string; onChange: (path: string) => void }>;
} {
  const watchers: Array<{ uri: string; database: string; onChange: (path: string) => void }> = [];
  const ctx: EnrichmentFactoryContext = {
    file: 'test.json',
    log: silentLogger(),
    fetchFile: async (uri, database) => join(uri, database),
    watchFile: (uri, database, onChange) => {
      watchers.push({ uri, database, onChange });
    },
    ...overrides,
  };
  return { ctx, watchers };
}
