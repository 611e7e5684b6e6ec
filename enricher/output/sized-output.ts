/**
 * Serialisation with the sink's size limit (spec/enrich.md §0 steps 5–6, §3.3 SizeViolation): a TSV line or bad row
 * bigger than `maxRecordBytes` (UTF-8) becomes a size_violation bad row holding its first `maxRecordBytes / 10`
 * characters. `actualSizeBytes` is the character length, as Enrich reports it.
 */
import { BadRow, sizeViolation } from '../../common/bad-rows';
import type { Processor } from '../../common/bad-rows';
import { stringifyJson } from '../mapping/json';


/** True when the UTF-8 size of `s` exceeds `max` (cheap when the string is short). */
export function exceeds(s: string, max: number): boolean {
  if (s.length * 3 <= max) return false;
  if (s.length > max) return true;
  return Buffer.byteLength(s, 'utf8') > max;
}

export function tsvSizeViolation(tsv: string, max: number, processor: Processor, now: number): BadRow {
  return sizeViolation({
    processor,
    now,
    maximumAllowedSizeBytes: max,
    actualSizeBytes: Math.min(tsv.length, 1073741824),
    expectation: `Enriched event exceeds the maximum allowed size of ${max} bytes`,
    payload: tsv,
  });
}

/** Serialises a bad row; an oversized one becomes a size_violation (which is always small). */
export function serializeBadRow(row: BadRow, max: number, processor: Processor, now: number): { json: string; schema: string } {
  const json = stringifyJson(row);
  if (!exceeds(json, max)) return { json, schema: row.schema };
  const sv = sizeViolation({
    processor,
    now,
    maximumAllowedSizeBytes: max,
    actualSizeBytes: Math.min(json.length, 1073741824),
    expectation: `Event failed enrichment and resulting bad row exceeds the maximum allowed size of ${max} bytes`,
    payload: json,
  });
  return { json: stringifyJson(sv), schema: sv.schema };
}
