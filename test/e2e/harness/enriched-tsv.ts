/**
 * Reading and writing enriched TSV lines by field name, using the enricher's own field list (131 columns).
 */
import { ENRICHED_FIELD_COUNT, ENRICHED_FIELD_NAMES, EnrichedFieldName } from '../../../common/enriched-fields';

export type EnrichedRow = Readonly<Record<EnrichedFieldName, string>>;

/** Splits one line (without its `\n`) into named fields; throws unless it has exactly 131 columns. */
export function parseEnrichedLine(line: string): EnrichedRow {
  const values = line.split('\t');
  if (values.length !== ENRICHED_FIELD_COUNT) {
    throw new Error(`expected ${ENRICHED_FIELD_COUNT} tab-separated fields, got ${values.length}: ${line.slice(0, 200)}`);
  }
  return Object.fromEntries(ENRICHED_FIELD_NAMES.map((name, i) => [name, values[i]])) as EnrichedRow;
}

/** Builds a line from the given fields, every other field empty (for tests of readers, not of the enricher). */
export function enrichedLine(values: Partial<Record<EnrichedFieldName, string>>): string {
  return ENRICHED_FIELD_NAMES.map((name) => values[name] ?? '').join('\t');
}

export interface SelfDescribingEntity {
  readonly schema: string;
  readonly data: Record<string, unknown>;
}

/** The entities of a `contexts` or `derived_contexts` column (an empty column has none). */
export function entitiesOf(column: string): SelfDescribingEntity[] {
  if (column === '') return [];
  const parsed = JSON.parse(column) as { schema: string; data: SelfDescribingEntity[] };
  return parsed.data;
}

/** Entities whose schema URI starts with `iglu:<vendor>/<name>/jsonschema/<model>-`. */
export function entitiesNamed(column: string, vendorNameModel: string): SelfDescribingEntity[] {
  return entitiesOf(column).filter((e) => e.schema.startsWith(`iglu:${vendorNameModel}-`));
}
