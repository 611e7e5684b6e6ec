/**
 * Builds the input record of a fixture case (`enricher/test/fixtures/<case>/input.json`): a CollectorPayload given
 * field by field (defaults below), a raw base64 record, or a compressed batch of payloads.
 */
import { gzipSync } from 'node:zlib';
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, encodeCollectorPayload } from '../../common/thrift';

export interface FixturePayload extends Partial<CollectorPayload> {
  /** Parameters encoded into `querystring` (values percent-encoded), appended after `querystring` if both. */
  params?: Array<[string, string]>;
  /** JSON body (stringified into `body`). */
  bodyJson?: unknown;
}

export interface FixtureInput {
  description: string;
  payload?: FixturePayload;
  recordBase64?: string;
  batch?: { compression: 'gzip' | 'zstd'; header?: string; payloads: FixturePayload[]; corrupt?: boolean };
  deps?: { maxRecordBytes?: number; atomicFieldLimits?: Record<string, number> };
}

export const FIXTURE_DEFAULTS = {
  schema: COLLECTOR_PAYLOAD_SCHEMA,
  ipAddress: '203.0.113.7',
  timestamp: 1700000000123,
  encoding: 'UTF-8',
  collector: 'ssc-3.2.0-kinesis',
  path: '/i',
};

export function buildPayload(p: FixturePayload): CollectorPayload {
  const { params, bodyJson, ...fields } = p;
  const payload: CollectorPayload = { ...FIXTURE_DEFAULTS, ...fields };
  if (params !== undefined) {
    const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    payload.querystring = payload.querystring ? `${payload.querystring}&${qs}` : qs;
  }
  if (bodyJson !== undefined) payload.body = JSON.stringify(bodyJson);
  return payload;
}

/** A zstd frame made of raw (stored) blocks: valid zstd that any decoder reads, built without a compressor. */
export function zstdStoredFrame(data: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];
  // Frame header: single segment, 4-byte content size.
  const fhd = Buffer.alloc(5);
  fhd[0] = 0b1010_0000;
  fhd.writeUInt32LE(data.length, 1);
  parts.push(fhd);
  const MAX_BLOCK = 128 * 1024;
  let o = 0;
  do {
    const size = Math.min(MAX_BLOCK, data.length - o);
    const last = o + size >= data.length ? 1 : 0;
    const header = (size << 3) | (0 << 1) | last;
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]));
    parts.push(Buffer.from(data.subarray(o, o + size)));
    o += size;
  } while (o < data.length);
  return Buffer.concat(parts);
}

export function frameBatch(payloads: Uint8Array[], header = '0101'): Buffer {
  const parts: Buffer[] = [Buffer.from(header, 'hex')];
  for (const p of payloads) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    parts.push(len, Buffer.from(p));
  }
  return Buffer.concat(parts);
}

export function buildRecord(input: FixtureInput): Uint8Array {
  if (input.recordBase64 !== undefined) return Buffer.from(input.recordBase64, 'base64');
  if (input.batch !== undefined) {
    const stream = frameBatch(input.batch.payloads.map((p) => encodeCollectorPayload(buildPayload(p))), input.batch.header);
    const compressed = input.batch.compression === 'gzip' ? gzipSync(stream) : zstdStoredFrame(stream);
    return input.batch.corrupt === true ? compressed.subarray(0, Math.floor(compressed.length / 2)) : compressed;
  }
  return encodeCollectorPayload(buildPayload(input.payload ?? {}));
}
