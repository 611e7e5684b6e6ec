import { BAD_ROW_SCHEMAS, badRow, BadRow, instantText, Processor } from './envelope';

/**
 * `collector_payload_format_violation` (spec/enrich.md §3.3 failure.CPFormatViolation): the record could not be read as
 * a CollectorPayload. `payload` is the base64 of the input bytes.
 */
export function collectorPayloadFormatViolation(opts: {
  processor: Processor;
  now: number;
  message: { error: string } | { payloadField: string; value: string | null; expectation: string };
  payloadBase64: string;
}): BadRow {
  return badRow(
    BAD_ROW_SCHEMAS.collectorPayloadFormatViolation,
    opts.processor,
    { timestamp: instantText(opts.now), loader: 'thrift', message: opts.message },
    opts.payloadBase64,
  );
}
