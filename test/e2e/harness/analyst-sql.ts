/**
 * The column lists of the analyst recipes (docs/analysts.md), derived from common/enriched-fields.ts so the
 * documentation cannot drift from the TSV the enricher writes: a unit test compares the doc with these.
 */
import { ENRICHED_FIELDS, EnrichedFieldType } from '../../../common/enriched-fields';

/**
 * `decimal` columns hold Java BigDecimal text of any scale (scientific notation below 1e-6, spec/enrich.md §1.5), so
 * they are read as DOUBLE rather than a fixed-scale DECIMAL that would round or reject them.
 */
const DUCKDB_TYPES: Readonly<Record<EnrichedFieldType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  decimal: 'DOUBLE',
  float: 'DOUBLE',
  bool01: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};

/** Hive's LazySimpleSerDe reads only TRUE/FALSE as boolean, so the 0/1 columns are TINYINT (spec §3d). */
const ATHENA_TYPES: Readonly<Record<EnrichedFieldType, string>> = {
  string: 'STRING',
  int: 'INT',
  decimal: 'DOUBLE',
  float: 'DOUBLE',
  bool01: 'TINYINT',
  timestamp: 'TIMESTAMP',
  json: 'STRING',
};

/** The body of DuckDB's `columns = {...}` argument: one `'name': 'TYPE'` per line, in TSV order. */
export function duckdbColumnLines(): string[] {
  return ENRICHED_FIELDS.map((f, i) => `'${f.name}': '${DUCKDB_TYPES[f.type]}'${i < ENRICHED_FIELDS.length - 1 ? ',' : ''}`);
}

/** The column definitions of the Athena table: one `` `name` TYPE`` per line, in TSV order. */
export function athenaColumnLines(): string[] {
  return ENRICHED_FIELDS.map((f, i) => `\`${f.name}\` ${ATHENA_TYPES[f.type]}${i < ENRICHED_FIELDS.length - 1 ? ',' : ''}`);
}

/** The SQL block that follows `<!-- recipe: NAME -->` in a markdown document. */
export function recipeBlock(markdown: string, name: string): string {
  const marker = `<!-- recipe: ${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`recipe ${name} not found`);
  const match = /```sql\n([\s\S]*?)```/.exec(markdown.slice(at + marker.length));
  if (match === null) throw new Error(`recipe ${name} has no sql block`);
  return match[1];
}
