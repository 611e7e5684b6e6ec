/** What `enrichEvent` needs besides the raw event; built once per record (and its per-deps parts once). */
import type { CollectorPayload } from '../../common/thrift';
import type { EnrichmentRegistry } from '../enrichments/enrichment';

export interface EventContext {
  readonly payload: CollectorPayload;
  readonly enrichments: EnrichmentRegistry;
  /** `v_etl`. */
  readonly vEtl: string;
  /** Formatted `etl_tstamp`. */
  readonly etlTstamp: string;
  readonly decoder: TextDecoder;
  readonly uuid: () => string;
  /** Max length (UTF-16 code units) per TSV column index; 0 = no limit. */
  readonly limits: Int32Array;
  readonly log?: { warn(obj: object, msg: string): void };
}
