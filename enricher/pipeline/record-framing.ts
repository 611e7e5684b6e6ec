/**
 * Kinesis record → thrift payloads (spec/enrich.md §0 step 1): records starting with `28 b5 2f fd` are zstd, with
 * `1f 8b` gzip; the decompressed stream starts with `01 01` (spec version, inner format) followed by payloads each
 * prefixed with a 4-byte big-endian length. Anything else is one uncompressed thrift payload.
 * Decompression is bounded (zip bombs), and every problem is reported, never thrown.
 */
import { gunzipSync } from 'node:zlib';
import { Decompress } from 'fzstd';

/** Enrich's `maxBytesSinglePayload`. */
export const MAX_BYTES_SINGLE_PAYLOAD = 10_000_000;
/** Upper bound on one record's decompressed size. */
export const MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;

export type FramedItem =
  | { readonly kind: 'payload'; readonly bytes: Uint8Array }
  | { readonly kind: 'oversized'; readonly size: number; readonly head: Uint8Array }
  | { readonly kind: 'corrupt'; readonly error: string; readonly bytes: Uint8Array };

export function isZstd(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd;
}
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

function unzstd(record: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const d = new Decompress((chunk) => {
    total += chunk.length;
    if (total > MAX_DECOMPRESSED_BYTES) throw new Error(`decompressed size exceeds ${MAX_DECOMPRESSED_BYTES} bytes`);
    chunks.push(chunk);
  });
  d.push(record, true);
  return Buffer.concat(chunks, total);
}

function decompress(record: Uint8Array): Uint8Array {
  if (isZstd(record)) return unzstd(record);
  return gunzipSync(record, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
}

export function splitRecord(record: Uint8Array): FramedItem[] {
  if (!isZstd(record) && !isGzip(record)) return [{ kind: 'payload', bytes: record }];
  let stream: Uint8Array;
  try {
    stream = decompress(record);
  } catch (e) {
    return [{ kind: 'corrupt', error: `cannot decompress record: ${e instanceof Error ? e.message : String(e)}`, bytes: record }];
  }
  if (stream.length < 2 || stream[0] !== 1 || stream[1] !== 1) {
    const header = Array.from(stream.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return [{ kind: 'corrupt', error: `unsupported compressed batch header [${header}], expected [01 01]`, bytes: record }];
  }
  const items: FramedItem[] = [];
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  let o = 2;
  while (o < view.length) {
    if (o + 4 > view.length) {
      items.push({ kind: 'corrupt', error: 'truncated length prefix in compressed batch', bytes: view.subarray(o) });
      break;
    }
    const len = view.readUInt32BE(o);
    o += 4;
    if (len > view.length - o) {
      items.push({ kind: 'corrupt', error: `payload length ${len} exceeds the rest of the compressed batch`, bytes: view.subarray(o) });
      break;
    }
    const bytes = view.subarray(o, o + len);
    o += len;
    if (len > MAX_BYTES_SINGLE_PAYLOAD) items.push({ kind: 'oversized', size: len, head: bytes.subarray(0, 1_000_000) });
    else items.push({ kind: 'payload', bytes });
  }
  return items;
}
