/**
 * From one CollectorPayload to the records of one request (spec/collector.md §5.1): a single Thrift record when it
 * fits; a POST whose `data` array makes it too big is split into several records; what cannot be stored becomes a
 * `size_violation` bad row. Every record returned is below the record limit, so the sink never refuses one.
 */
import { sizeViolation } from '../../common/bad-rows';
import type { BadRow, Processor } from '../../common/bad-rows';
import type { CollectorPayload } from '../../common/thrift';
import { writeCollectorPayload } from './thrift-writer';
import { collectorPayloadToString } from './payload-to-string';

export interface SizeLimits {
  /** Largest record (Snowplow's sink `maxBytes`). */
  readonly maxRecordBytes: number;
  /** Payloads above this are not split (Snowplow's `networking.maxPayloadSize`). */
  readonly maxPayloadBytes: number;
}

export interface RequestRecords {
  readonly good: Buffer[];
  readonly bad: BadRow[];
}

const PREFIX = 'oversized collector payload: ';
const EXPECTATION_MAX = 256;

function expectation(text: string): string {
  const s = PREFIX + text;
  return s.length <= EXPECTATION_MAX ? s : s.slice(0, EXPECTATION_MAX);
}

export function payloadToRecords(payload: CollectorPayload, limits: SizeLimits, now: number, processor: Processor): RequestRecords {
  const encoded = writeCollectorPayload(payload);
  const size = encoded.length;
  if (size < limits.maxRecordBytes) return { good: [encoded], bad: [] };

  const violation = (max: number, actual: number, text: string, original: string = collectorPayloadToString(payload)): BadRow =>
    sizeViolation({ processor, now, maximumAllowedSizeBytes: max, actualSizeBytes: actual, expectation: expectation(text), payload: original });

  if (size > limits.maxPayloadBytes) {
    return { good: [], bad: [violation(limits.maxPayloadBytes, size, `Payload exceeds max size of ${limits.maxPayloadBytes}. Actual length: ${size}`)] };
  }
  const tooBig = (text: string): RequestRecords => ({ good: [], bad: [violation(limits.maxRecordBytes, size, text)] });
  if (payload.body === undefined) return tooBig('GET requests cannot be split');

  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.body);
  } catch (e) {
    return tooBig(`cannot split POST requests which are not json ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { schema?: unknown }).schema !== 'string' || !('data' in parsed)) {
    return tooBig('cannot split POST requests which are not self-describing: expected an object with a string "schema" and "data"');
  }
  const { schema, data } = parsed as { schema: string; data: unknown };
  if (!Array.isArray(data)) return tooBig('cannot split POST requests which do not contain a data array');

  const elements = data.map((el) => JSON.stringify(el) ?? 'null');
  const dataArraySize = Buffer.byteLength(`[${elements.join(',')}]`);
  const overhead = size - dataArraySize;
  if (overhead >= limits.maxRecordBytes) return tooBig('cannot split this POST request because event without "data" field is still too big');

  const room = limits.maxRecordBytes - overhead;
  const batches: string[][] = [];
  const bad: BadRow[] = [];
  let current: string[] = [];
  let currentBytes = 0;
  for (const el of elements) {
    const bytes = Buffer.byteLength(el) + 1;
    if (bytes > room) {
      bad.push(violation(limits.maxRecordBytes, bytes - 1, 'this POST request split is still too large', el));
      continue;
    }
    if (currentBytes + bytes > room && current.length > 0) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(el);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);

  const good: Buffer[] = [];
  const schemaJson = JSON.stringify(schema);
  for (const batch of batches) {
    const body = `{"schema":${schemaJson},"data":[${batch.join(',')}]}`;
    const record = writeCollectorPayload({ ...payload, body });
    if (record.length < limits.maxRecordBytes) good.push(record);
    else bad.push(violation(limits.maxRecordBytes, record.length, 'this POST request split is still too large', body));
  }
  return { good, bad };
}
