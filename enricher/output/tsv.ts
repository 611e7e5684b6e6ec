/**
 * The 131-column enriched TSV line (spec/enrich.md §1): fields in the normative order, null ⇒ empty, JSON columns as
 * compact self-describing JSON with the `contexts/1-0-1` and `unstruct_event/1-0-0` wrappers (§1.3). Values are
 * cleaned when set; as a last guard no cell may carry a TAB, CR or LF (they would split the line).
 */
import { ENRICHED_FIELDS } from '../../common/enriched-fields';
import type { EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { stringifyJson } from '../mapping/json';
import { isSharedEntityData, sharedJsonText } from '../model/shared-entity-data';
import { CONTEXTS_SCHEMA, UNSTRUCT_SCHEMA } from '../pipeline/self-describing';

const NAMES: readonly string[] = ENRICHED_FIELDS.map((f) => f.name);
const CONTEXTS_PREFIX = `{"schema":${JSON.stringify(CONTEXTS_SCHEMA)},"data":[`;
const UNSTRUCT_PREFIX = `{"schema":${JSON.stringify(UNSTRUCT_SCHEMA)},"data":`;

function entity(e: SelfDescribingJson): string {
  const data = e.data;
  const text = isSharedEntityData(data) ? sharedJsonText(data as object) : stringifyJson(data);
  return `{"schema":${JSON.stringify(e.schema)},"data":${text}}`;
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

const CONTEXTS_AT = NAMES.indexOf('contexts');
const UNSTRUCT_AT = NAMES.indexOf('unstruct_event');
const DERIVED_AT = NAMES.indexOf('derived_contexts');

/** Runs of TABs: the separators before a cell after `n - 1` empty ones. */
const TABS: readonly string[] = Array.from({ length: NAMES.length + 1 }, (_, n) => '\t'.repeat(n));

type RowWriter = (event: EnrichedEvent, contexts: string, unstruct: string, derived: string, tabs: readonly string[]) => string | null;

/**
 * The line writer, generated once from the field list: one named property load per column (a fixed-shape event
 * makes each load a single offset read; `Object.values` over 131 properties costs more than a microsecond).
 * Most cells are empty: only the non-empty ones are appended, each after the run of TABs that precedes it. A
 * non-string set by an enrichment prints as Array.prototype.join would print it. Returns null when a cell holds a
 * TAB (values are cleaned when set; this catches an enrichment that broke that promise).
 */
function compileRowWriter(): RowWriter {
  const lines = NAMES.map((name, i) => {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`unexpected field name ${name}`);
    const source = i === CONTEXTS_AT ? 'contexts' : i === UNSTRUCT_AT ? 'unstruct' : i === DERIVED_AT ? 'derived' : `event.${name}`;
    return (
      `v = ${source};\n` +
      `if (v === null || v === undefined || v === '') t++;\n` +
      `else { if (typeof v !== 'string') v = String(v); if (v.indexOf('\\t') >= 0) return null; line = line + tabs[t] + v; t = 1; }`
    );
  });
  const body = `let line = ''; let t = 0; let v;\n${lines.join('\n')}\nif (t > 1) line += tabs[t - 1];\nreturn line;`;
  return new Function('event', 'contexts', 'unstruct', 'derived', 'tabs', body) as RowWriter;
}

const writeRow = compileRowWriter();

export function toTsv(event: EnrichedEvent): string {
  const line = writeRow(
    event,
    formatContexts(event.contexts),
    formatUnstruct(event.unstruct_event),
    formatContexts(event.derived_contexts),
    TABS,
  );
  return line !== null && line.indexOf('\n') < 0 && line.indexOf('\r') < 0 ? line : toTsvCleaning(event);
}

function toTsvCleaning(event: EnrichedEvent): string {
  const fields = event as unknown as Record<string, string | null>;
  const cells = NAMES.map((name, i) => {
    if (i === CONTEXTS_AT) return formatContexts(event.contexts);
    if (i === UNSTRUCT_AT) return formatUnstruct(event.unstruct_event);
    if (i === DERIVED_AT) return formatContexts(event.derived_contexts);
    const v = fields[name];
    return v === null || v === undefined ? '' : safeCell(v);
  });
  return cells.join('\t');
}
