import { BAD_ROW_SCHEMAS, badRow, BadRow, instantText, Processor } from './envelope';

/**
 * `size_violation` (spec/enrich.md §3.3 failure.SizeViolation): the payload is the first `maximumAllowedSizeBytes / 10`
 * characters of the oversized text; `actualSizeBytes` is the size of the original.
 */
export function sizeViolation(opts: {
  processor: Processor;
  now: number;
  maximumAllowedSizeBytes: number;
  actualSizeBytes: number;
  expectation: string;
  payload: string;
}): BadRow {
  return badRow(
    BAD_ROW_SCHEMAS.sizeViolation,
    opts.processor,
    {
      timestamp: instantText(opts.now),
      maximumAllowedSizeBytes: opts.maximumAllowedSizeBytes,
      actualSizeBytes: opts.actualSizeBytes,
      expectation: opts.expectation,
    },
    opts.payload.slice(0, Math.floor(opts.maximumAllowedSizeBytes / 10)),
  );
}
