import type { CollectorPayload } from '../../common/thrift';
import type { Logger } from '../../common/logger';
import type { EnrichedEvent } from '../model/enriched-event';
import type { RawEvent } from '../model/raw-event';
import type { SelfDescribingJson } from '../model/self-describing';

/**
 * The slots of Snowplow's fixed enrichment order (spec/enrich.md §4.0). Core steps (URI parsing, derived_tstamp,
 * querystring extraction, `_sp` parsing, event-type extraction) are run by the pipeline itself between them.
 */
export const ENRICHMENT_SLOTS = [
  'iab_spiders_and_robots',
  'user_agent_utils',
  'ua_parser',
  'currency_conversion',
  'referer_parser',
  'campaign_attribution',
  'cross_navigation',
  'event_fingerprint',
  'cookie_extractor',
  'http_header_extractor',
  'weather',
  'yauaa',
  'ip_lookups',
  'asn_lookups',
  'bot_detection',
  'javascript_script',
  'sql_query',
  'api_request',
  'anon_ip',
  'pii',
] as const;
export type EnrichmentSlot = (typeof ENRICHMENT_SLOTS)[number];

/** `enrichment_failures` message (spec/enrich.md §3.3 failure.EnrichmentFailures). */
export interface EnrichmentFailureMessage {
  enrichment: { schemaKey: string; identifier: string } | null;
  message:
    | { error: string }
    | { field: string; value: string | null; expectation: string }
    | { schemaKey: string; error: unknown };
}

export interface EnrichmentInput {
  /** Mutable: enrichments set atomic fields and may rewrite contexts/unstruct_event (PII, JS). */
  readonly event: EnrichedEvent;
  readonly raw: RawEvent;
  readonly payload: CollectorPayload;
}

export interface EnrichmentResult {
  /** New derived contexts of this step, in their own order; the pipeline prepends them (§4.0). */
  contexts?: SelfDescribingJson[];
  failures?: EnrichmentFailureMessage[];
  /** JavaScript enrichment only: the event is dropped on purpose (no output, counted). */
  drop?: boolean;
}

/** One configured, ready enrichment. `enrich` is synchronous and does no I/O (everything is loaded at start-up). */
export interface Enrichment {
  readonly slot: EnrichmentSlot;
  /** Config schema name, e.g. `ua_parser_config`. */
  readonly name: string;
  enrich(input: EnrichmentInput): EnrichmentResult | undefined;
  /** Releases timers/files (refresh loops, sandboxes). */
  close?(): Promise<void> | void;
}

/** Raised at start-up for a bad or unsupported enrichment config; names file, enrichment and problem. */
export class EnrichmentConfigError extends Error {
  constructor(
    readonly file: string,
    readonly enrichment: string,
    readonly problem: string,
  ) {
    super(`enrichment config ${file} (${enrichment}): ${problem}`);
    this.name = 'EnrichmentConfigError';
  }
}

export interface EnrichmentFactoryContext {
  /** Where the config came from (for error messages). */
  readonly file: string;
  /**
   * Resolves a `uri` + `database` pair from a config (local path, file://, http(s)://, s3://) to a local file,
   * downloading and caching it at start-up; throws EnrichmentConfigError when missing or unreadable.
   */
  fetchFile(uri: string, database: string): Promise<string>;
  /** Calls `onChange(path)` when a referenced file was refreshed (configured interval). */
  watchFile?(uri: string, database: string, onChange: (path: string) => void): void;
  readonly log: Logger;
  /**
   * The config's whole `data` object (`vendor`, `name`, `enabled`, `parameters` and any top-level options such as
   * the PII enrichment's `emitEvent` / `anonymousOnly`). Read-only; set by the enrichment config loader.
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Builds one enrichment from its self-describing config (`data.parameters`). */
export interface EnrichmentFactory {
  /** Config schema vendor and name, e.g. `com.snowplowanalytics.snowplow` / `ua_parser_config`. */
  readonly vendor: string;
  readonly name: string;
  /** Accepted SchemaVer MODEL of the config (`<model>-0-*`, §4.0). */
  readonly model: number;
  create(parameters: unknown, ctx: EnrichmentFactoryContext, schema: string): Promise<Enrichment>;
}

/** The configured enrichments grouped by slot, in config order within a slot. */
export interface EnrichmentRegistry {
  at(slot: EnrichmentSlot): readonly Enrichment[];
  close(): Promise<void>;
}

export const EMPTY_REGISTRY: EnrichmentRegistry = {
  at: () => [],
  close: async () => undefined,
};
