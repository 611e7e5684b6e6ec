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

const CONTEXTS_AT = NAMES.indexOf('contexts');
const UNSTRUCT_AT = NAMES.indexOf('unstruct_event');
const DERIVED_AT = NAMES.indexOf('derived_contexts');

/** Runs of TABs: the separators before a cell after `n - 1` empty ones. */
const TABS: readonly string[] = Array.from({ length: NAMES.length + 1 }, (_, n) => '\t'.repeat(n));

export function toTsv(event: EnrichedEvent): string {
  // The event is a fixed-shape object in TSV order (newEnrichedEvent): its values ARE the columns.
  const cells = Object.values(event) as unknown[];
  const tsvOrder =
    cells.length === NAMES.length && cells[CONTEXTS_AT] === event.contexts && cells[DERIVED_AT] === event.derived_contexts;
  if (!tsvOrder) return toTsvCleaning(event);
  cells[CONTEXTS_AT] = formatContexts(event.contexts);
  cells[UNSTRUCT_AT] = formatUnstruct(event.unstruct_event);
  cells[DERIVED_AT] = formatContexts(event.derived_contexts);
  // Most cells are empty: only the non-empty ones are appended, each after the run of TABs that precedes it (a third
  // of the concatenations of a join, and no per-cell null conversion). Values are cleaned when set; the TAB check of
  // each cell and the CR/LF check of the line catch an enrichment that broke that promise.
  let line = '';
  let tabs = 0;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || v === '' || v === undefined) {
      tabs++;
      continue;
    }
    // A non-string set by an enrichment prints as Array.prototype.join would print it.
    const cell = typeof v === 'string' ? v : String(v);
    if (cell.indexOf('\t') >= 0) return toTsvCleaning(event);
    line = i === 0 ? cell : line + (TABS[tabs] as string) + cell;
    tabs = 1;
  }
  if (tabs > 1) line += TABS[tabs - 1] as string;
  return line.indexOf('\n') < 0 && line.indexOf('\r') < 0 ? line : toTsvCleaning(event);
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
