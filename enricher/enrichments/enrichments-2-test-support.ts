/**
 * Test helpers for the enrichments of docs/enrichments-2.md: a minimal EnrichmentFactoryContext (files resolved from
 * a map of test files written to a temp directory) and EnrichmentInput builders. Used by *.test.ts only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload } from '../../common/thrift/collector-payload';
import { EnrichedEvent, emptyEnrichedEvent } from '../model/enriched-event';
import type { RawEvent } from '../model/raw-event';
import { EnrichmentConfigError, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';

/** A context whose fetchFile serves `files` (key `uri/database`, or `database` alone) from a temp directory. */
export function testFactoryContext(
  file = 'test-enrichments.json',
  files: Readonly<Record<string, string>> = {},
  config?: Readonly<Record<string, unknown>>,
): EnrichmentFactoryContext & {
  readonly fetched: string[];
  /** Simulates the framework's refresh: writes new content and calls every watcher of `database`. */
  refresh(database: string, content: string): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sleet-enrichment-test-'));
  const fetched: string[] = [];
  const watchers: Array<{ database: string; onChange: (path: string) => void }> = [];
  return {
    file,
    fetched,
    config,
    log: silentLogger(),
    watchFile(_uri: string, database: string, onChange: (path: string) => void): void {
      watchers.push({ database, onChange });
    },
    refresh(database: string, content: string): void {
      const path = join(dir, `refresh-${Date.now()}-${database.replace(/[^\w.-]/g, '_')}`);
      writeFileSync(path, content);
      for (const w of watchers) if (w.database === database) w.onChange(path);
    },
    async fetchFile(uri: string, database: string): Promise<string> {
      const key = `${uri.replace(/\/$/, '')}/${database}`;
      const content = files[key] ?? files[database];
      fetched.push(key);
      if (content === undefined) throw new EnrichmentConfigError(file, 'test', `cannot read ${key}: no such file`);
      const path = join(dir, `${fetched.length}-${database.replace(/[^\w.-]/g, '_')}`);
      writeFileSync(path, content);
      return path;
    },
  };
}

export interface TestInputParts {
  readonly parameters?: Readonly<Record<string, string>>;
  readonly headers?: readonly string[];
  readonly raw?: Partial<RawEvent>;
}

export function testRawEvent(parts: TestInputParts = {}): RawEvent {
  return {
    vendor: 'com.snowplowanalytics.snowplow',
    version: 'tp2',
    parameters: new Map(Object.entries(parts.parameters ?? {})),
    contentType: 'application/json',
    loaderName: 'ssc-3.2.0-kinesis',
    encoding: 'UTF-8',
    hostname: 'collector.example.com',
    timestamp: 1700000000000,
    ipAddress: '10.0.2.15',
    useragent: 'Mozilla/5.0',
    refererUri: null,
    headers: parts.headers ?? [],
    userId: null,
    ...parts.raw,
  };
}

export function testInput(event: EnrichedEvent = emptyEnrichedEvent(), parts: TestInputParts = {}): EnrichmentInput {
  const raw = testRawEvent(parts);
  const payload: CollectorPayload = {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: raw.ipAddress ?? '',
    timestamp: raw.timestamp,
    encoding: raw.encoding,
    collector: raw.loaderName,
    headers: [...raw.headers],
  };
  return { event, raw, payload };
}
