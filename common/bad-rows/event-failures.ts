import { BAD_ROW_SCHEMAS, badRow, BadRow, instantText, Processor } from './envelope';

/**
 * Event-level bad rows (spec/enrich.md §3.3): `schema_violations` and `enrichment_failures`, `{timestamp, messages}`
 * with the enrichment payload `{enriched, raw}`.
 */
export function schemaViolations(opts: { processor: Processor; now: number; messages: readonly unknown[]; payload: unknown }): BadRow {
  return badRow(
    BAD_ROW_SCHEMAS.schemaViolations,
    opts.processor,
    { timestamp: instantText(opts.now), messages: opts.messages },
    opts.payload,
  );
}

export function enrichmentFailures(opts: { processor: Processor; now: number; messages: readonly unknown[]; payload: unknown }): BadRow {
  return badRow(
    BAD_ROW_SCHEMAS.enrichmentFailures,
    opts.processor,
    { timestamp: instantText(opts.now), messages: opts.messages },
    opts.payload,
  );
}

/** `generic_error` (not emitted by Enrich 6.x; kept for runtimes that need a last-resort bad row). */
export function genericError(opts: { processor: Processor; now: number; errors: readonly string[]; payload: string }): BadRow {
  return badRow(
    BAD_ROW_SCHEMAS.genericError,
    opts.processor,
    { timestamp: instantText(opts.now), errors: opts.errors },
    opts.payload,
  );
}
