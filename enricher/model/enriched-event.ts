import { ENRICHED_FIELDS, EnrichedFieldName } from '../../common/enriched-fields';
import type { SelfDescribingJson } from './self-describing';

/** The three JSON columns; every other column is an atomic field. */
export type JsonFieldName = 'contexts' | 'unstruct_event' | 'derived_contexts';
export type AtomicFieldName = Exclude<EnrichedFieldName, JsonFieldName>;

/**
 * The event being enriched. Atomic fields hold their final TSV text (already formatted: ints as decimal text,
 * timestamps as `yyyy-MM-dd HH:mm:ss.SSS`, floats as Java float text, booleans `1`/`0`) or null when empty.
 * The JSON columns are held as parsed values and serialised by the TSV writer.
 */
export type EnrichedEvent = { [K in AtomicFieldName]: string | null } & {
  /** Input contexts (`co`/`cx`), in tracker order, each entity a self-describing JSON. */
  contexts: SelfDescribingJson[];
  /** The inner self-describing event of `ue_pr`/`ue_px`, or null. */
  unstruct_event: SelfDescribingJson | null;
  /** Derived contexts accumulated so far (each step prepends its own, spec/enrich.md §4.0). */
  derived_contexts: SelfDescribingJson[];
};

export const ATOMIC_FIELDS = ENRICHED_FIELDS.filter(
  (f) => f.name !== 'contexts' && f.name !== 'unstruct_event' && f.name !== 'derived_contexts',
).map((f) => f.name as AtomicFieldName);

/** A fresh event with every atomic field null and no contexts. */
export function emptyEnrichedEvent(): EnrichedEvent {
  const ev = { contexts: [], unstruct_event: null, derived_contexts: [] } as unknown as EnrichedEvent;
  const rec = ev as unknown as Record<string, string | null>;
  for (const name of ATOMIC_FIELDS) rec[name] = null;
  return ev;
}
