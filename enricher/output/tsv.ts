/**
 * The 131-column enriched TSV line (spec/enrich.md §1): fields in the normative order, null ⇒ empty, JSON columns as
 * compact self-describing JSON with the `contexts/1-0-1` and `unstruct_event/1-0-0` wrappers (§1.3). Values are
 * cleaned when set; as a last guard no cell may carry a TAB, CR or LF (they would split the line).
 */
import { ENRICHED_FIELDS } from '../../common/enriched-fields';
import type { EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { stringifyJson } from '../mapping/json';
import { CONTEXTS_SCHEMA, UNSTRUCT_SCHEMA } from '../pipeline/self-describing';

const NAMES: readonly string[] = ENRICHED_FIELDS.map((f) => f.name);
const CONTEXTS_PREFIX = `{"schema":${JSON.stringify(CONTEXTS_SCHEMA)},"data":[`;
const UNSTRUCT_PREFIX = `{"schema":${JSON.stringify(UNSTRUCT_SCHEMA)},"data":`;

function entity(e: SelfDescribingJson): string {
  return `{"schema":${JSON.stringify(e.schema)},"data":${stringifyJson(e.data)}}`;
}

/** The `contexts`/`derived_contexts` column: empty for no entities (never `[]`). */
export function formatContexts(list: readonly SelfDescribingJson[]): string {
  if (list.length === 0) return '';
  let out = CONTEXTS_PREFIX;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += ',';
    out += entity(list[i] as SelfDescribingJson);
  }
  return out + ']}';
}

export function formatUnstruct(ue: SelfDescribingJson | null): string {
  return ue === null ? '' : `${UNSTRUCT_PREFIX}${entity(ue)}}`;
}

function safeCell(v: string): string {
  if (v.indexOf('\t') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
  return v.replace(/\t/g, '    ').replace(/[\r\n]/g, '');
}

export function toTsv(event: EnrichedEvent): string {
  const fields = event as unknown as Record<string, string | null>;
  const cells = new Array<string>(NAMES.length);
  for (let i = 0; i < NAMES.length; i++) {
    const name = NAMES[i] as string;
    if (name === 'contexts') cells[i] = formatContexts(event.contexts);
    else if (name === 'unstruct_event') cells[i] = formatUnstruct(event.unstruct_event);
    else if (name === 'derived_contexts') cells[i] = formatContexts(event.derived_contexts);
    else {
      const v = fields[name];
      cells[i] = v === null || v === undefined ? '' : safeCell(v);
    }
  }
  return cells.join('\t');
}
