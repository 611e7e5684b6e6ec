import { ENRICHED_FIELDS, type EnrichedFieldType } from '../../../common/enriched-fields';

/** A Glue/Hive column. */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

/**
 * Hive/Athena type for each enriched field type, read by LazySimpleSerDe from Snowplow's TSV text:
 * - `int` → `int`: Java Integer text.
 * - `decimal` → `double`: the TSV holds Java BigDecimal text, which may be scientific (`1E-7`) and of any
 *   precision; a fixed `decimal(p,s)` would silently round or null such values. `double` reads all of them and is
 *   exact to 15 significant digits (money up to 10^13 with cents); `CAST(tr_total AS decimal(18,2))` when exact
 *   arithmetic matters. Snowplow's warehouses type `se_value` as double too.
 * - `float` → `double`: Java float text (`51.5074`); double shows it as written.
 * - `bool01` → `tinyint`: the TSV has `0`/`1`, but LazySimpleSerDe reads booleans only from `true`/`false`
 *   text (anything else is NULL). Query with `br_cookies = 1`.
 * - `timestamp` → `timestamp`: `yyyy-MM-dd HH:mm:ss.SSS` (UTC) is the text form LazySimpleSerDe parses.
 * - `json` → `string`: self-describing JSON; use `json_extract(contexts, '$.data')` and friends.
 * - `string` → `string`: length limits are enforced by the enricher, never by truncating in the reader.
 */
export const GLUE_TYPE_OF: Readonly<Record<EnrichedFieldType, string>> = {
  string: 'string',
  int: 'int',
  decimal: 'double',
  float: 'double',
  bool01: 'tinyint',
  timestamp: 'timestamp',
  json: 'string',
};

/** The 131 enriched columns, in TSV order, from the single source of truth (common/enriched-fields.ts). */
export function enrichedGlueColumns(): GlueColumn[] {
  return ENRICHED_FIELDS.map((f) => ({ name: f.name, type: GLUE_TYPE_OF[f.type] }));
}

/** Partition columns of every lake table: `dt=YYYY-MM-DD/hr=HH` (UTC). */
export const PARTITION_COLUMNS: readonly GlueColumn[] = [
  { name: 'dt', type: 'string', comment: 'UTC date of the partition, YYYY-MM-DD' },
  { name: 'hr', type: 'string', comment: 'UTC hour of the partition, 00-23' },
];
