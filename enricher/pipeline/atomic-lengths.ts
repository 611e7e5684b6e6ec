/**
 * Atomic field length check (spec/enrich.md §1.8): which columns hold a string longer than their limit. The check
 * is generated once from the field list, one named property load per column that can have a limit (a fixed-shape
 * event makes each a single offset read; walking the event generically costs more than a microsecond per event).
 */
import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import type { EnrichedEvent } from '../model/enriched-event';

const JSON_COLUMNS = new Set(['contexts', 'unstruct_event', 'derived_contexts']);

/** Column indexes whose value is longer than `limits[index]` (0 = no limit), in TSV order; empty when none. */
export type OverLongFields = (event: EnrichedEvent, limits: Int32Array) => number[];

function compile(): OverLongFields {
  const checks: string[] = [];
  ENRICHED_FIELD_NAMES.forEach((name, i) => {
    if (JSON_COLUMNS.has(name)) return;
    if (!/^[a-z_]+$/.test(name)) throw new Error(`unexpected field name ${name}`);
    checks.push(`l = limits[${i}]; if (l !== 0) { v = event.${name}; if (typeof v === 'string' && v.length > l) out.push(${i}); }`);
  });
  const body = `const out = []; let l; let v;\n${checks.join('\n')}\nreturn out;`;
  return new Function('event', 'limits', body) as OverLongFields;
}

export const overLongFields: OverLongFields = compile();
