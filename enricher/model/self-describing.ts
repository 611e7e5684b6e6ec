/**
 * A self-describing JSON value `{schema, data}` (spec/iglu-and-output.md §1.1). `data` holds the value parsed
 * losslessly: numbers may be `LosslessNumber`s from `lossless-json`, so that re-serialising keeps their original
 * lexeme (`1.50` stays `1.50`, spec/enrich.md §1.3).
 */
export interface SelfDescribingJson {
  schema: string;
  data: unknown;
}
