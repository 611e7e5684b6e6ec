/**
 * Source of the tiny Firehose transform that makes each Kinesis record one line of the S3 object (Firehose itself
 * concatenates records with no separator). Deployed inline (`Code.fromInline`: no bundling, no Docker) and unit-
 * tested by evaluating this very string (line-framing-code.test.ts).
 *
 * LINE_FORMAT=base64 → the record's bytes as one base64 line (binary Thrift CollectorPayloads, for replay);
 * LINE_FORMAT=text   → the record's bytes followed by `\n` unless it already ends with one (JSON bad rows).
 */
export const LINE_FRAMING_CODE = `'use strict';
const NL = Buffer.from('\\n');
exports.frame = function frame(data, format) {
  if (format === 'base64') return Buffer.from(data + '\\n', 'latin1');
  const bytes = Buffer.from(data, 'base64');
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, NL]);
};
exports.handler = async function handler(event) {
  const format = process.env.LINE_FORMAT === 'base64' ? 'base64' : 'text';
  return {
    records: event.records.map(function (r) {
      return { recordId: r.recordId, result: 'Ok', data: exports.frame(r.data, format).toString('base64') };
    }),
  };
};
`;
