/** What `enrichEvent` needs besides the raw event; built once per record (and its per-deps parts once). */
import type { CollectorPayload } from '../../common/thrift';
import { Enrichment, ENRICHMENT_SLOTS, EnrichmentRegistry, EnrichmentSlot } from '../enrichments/enrichment';

export interface EventContext {
  readonly payload: CollectorPayload;
  readonly enrichments: EnrichmentRegistry;
  /** `enrichments.at(slot)` by slot index (ENRICHMENT_SLOTS), null for an empty slot: see enrichmentSlots. */
  readonly slots: ReadonlyArray<readonly Enrichment[] | null>;
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

export const SLOT_INDEX: Readonly<Record<EnrichmentSlot, number>> = Object.fromEntries(
  ENRICHMENT_SLOTS.map((slot, i) => [slot, i]),
) as Record<EnrichmentSlot, number>;

const slotsCache = new WeakMap<EnrichmentRegistry, ReadonlyArray<readonly Enrichment[] | null>>();

/**
 * The registry's enrichments by slot index, read once per registry (a registry's slots do not change: files it
 * reloads change inside the enrichments), so an event skips its empty slots without a lookup.
 */
export function enrichmentSlots(registry: EnrichmentRegistry): ReadonlyArray<readonly Enrichment[] | null> {
  let slots = slotsCache.get(registry);
  if (slots === undefined) {
    slots = ENRICHMENT_SLOTS.map((slot) => {
      const list = registry.at(slot);
      return list.length === 0 ? null : list;
    });
    slotsCache.set(registry, slots);
  }
  return slots;
}
