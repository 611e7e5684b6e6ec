import {
  CollectorPayload,
  HEADERS_FIELD_ID,
  STRING_FIELD_IDS,
  ThriftType,
  TIMESTAMP_FIELD_ID,
} from './collector-payload';

/**
 * Raised for any input that is not a well-formed TBinaryProtocol CollectorPayload. Carries no stack trace: it is an
 * expected outcome for bad input (a bad row), and capturing a stack costs more than decoding a whole payload.
 */
export class ThriftDecodeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ThriftDecodeError';
  }
}

/** Node's Buffer methods behind `toString(encoding, start, end)`, without its argument handling (bounds checked here). */
interface BufferSlicing {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

// eslint-disable-next-line no-control-regex -- any char above U+007F
const NON_ASCII = /[^\u0000-\u007f]/;
/** Fields up to this many bytes are taken from the latin1 text when ASCII. */
const SHORT_FIELD = 96;

const STRING_FIELDS = new Map(STRING_FIELD_IDS);
const MAX_DEPTH = 16;

class Reader {
  o = 0;
  /**
   * The whole input as latin1 text, one char per byte, made by one native call: a short ASCII string field is a
   * substring of it (a native call per field costs more than the check), other fields are decoded as UTF-8.
   */
  private bytesText: string | null = null;
  constructor(readonly buf: Uint8Array & Buffer) {}

  need(n: number): void {
    if (n < 0 || this.o + n > this.buf.length) {
      throw new ThriftDecodeError(`truncated input: need ${n} bytes at offset ${this.o}`, this.o);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.o++];
  }
  i16(): number {
    this.need(2);
    const b = this.buf;
    const o = this.o;
    this.o = o + 2;
    return (((b[o] as number) << 24) | ((b[o + 1] as number) << 16)) >> 16;
  }
  i32(): number {
    this.need(4);
    const b = this.buf;
    const o = this.o;
    this.o = o + 4;
    return ((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number);
  }
  /** A signed 64-bit integer as the nearest double (exact below 2^53), as `Number(BigInt)` would round it. */
  i64(): number {
    const hi = this.i32();
    const lo = this.i32() >>> 0;
    return hi * 4294967296 + lo;
  }
  string(): string {
    const len = this.i32();
    if (len < 0) throw new ThriftDecodeError(`negative string length ${len}`, this.o - 4);
    this.need(len);
    const o = this.o;
    this.o = o + len;
    // Long fields: the native UTF-8 decoder's ASCII fast path beats a scan of the substring.
    if (len > SHORT_FIELD) return (this.buf as unknown as BufferSlicing).utf8Slice(o, o + len);
    this.bytesText ??= (this.buf as unknown as BufferSlicing).latin1Slice(0, this.buf.length);
    const s = this.bytesText.slice(o, o + len);
    return NON_ASCII.test(s) ? (this.buf as unknown as BufferSlicing).utf8Slice(o, o + len) : s;
  }
  skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new ThriftDecodeError('nesting too deep', this.o);
    switch (type) {
      case ThriftType.BOOL:
      case ThriftType.BYTE:
        this.need(1);
        this.o += 1;
        return;
      case ThriftType.I16:
        this.need(2);
        this.o += 2;
        return;
      case ThriftType.I32:
        this.need(4);
        this.o += 4;
        return;
      case ThriftType.DOUBLE:
      case ThriftType.I64:
        this.need(8);
        this.o += 8;
        return;
      case ThriftType.STRING: {
        const len = this.i32();
        if (len < 0) throw new ThriftDecodeError(`negative string length ${len}`, this.o - 4);
        this.need(len);
        this.o += len;
        return;
      }
      case ThriftType.STRUCT:
        for (;;) {
          const t = this.u8();
          if (t === ThriftType.STOP) return;
          this.i16();
          this.skip(t, depth + 1);
        }
      case ThriftType.MAP: {
        const kt = this.u8();
        const vt = this.u8();
        const n = this.count();
        for (let i = 0; i < n; i++) {
          this.skip(kt, depth + 1);
          this.skip(vt, depth + 1);
        }
        return;
      }
      case ThriftType.SET:
      case ThriftType.LIST: {
        const et = this.u8();
        const n = this.count();
        for (let i = 0; i < n; i++) this.skip(et, depth + 1);
        return;
      }
      default:
        throw new ThriftDecodeError(`unknown thrift type ${type}`, this.o);
    }
  }
  /** A container size, checked against the bytes left (each element takes at least one byte). */
  count(): number {
    const n = this.i32();
    if (n < 0 || n > this.buf.length - this.o) {
      throw new ThriftDecodeError(`invalid container size ${n}`, this.o - 4);
    }
    return n;
  }
}

/**
 * Decodes a TBinaryProtocol CollectorPayload. Unknown fields are skipped; fields of an unexpected type are an
 * error, as is a missing `schema`, `timestamp` or trailing garbage. Never reads past the buffer.
 */
export function decodeCollectorPayload(bytes: Uint8Array): CollectorPayload {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(buf);
  const p: Partial<CollectorPayload> = {};
  for (;;) {
    const type = r.u8();
    if (type === ThriftType.STOP) break;
    const id = r.i16();
    const stringField = STRING_FIELDS.get(id);
    if (stringField !== undefined) {
      expectType(type, ThriftType.STRING, id, r.o);
      p[stringField] = r.string();
    } else if (id === TIMESTAMP_FIELD_ID) {
      expectType(type, ThriftType.I64, id, r.o);
      p.timestamp = r.i64();
    } else if (id === HEADERS_FIELD_ID) {
      expectType(type, ThriftType.LIST, id, r.o);
      const et = r.u8();
      if (et !== ThriftType.STRING) throw new ThriftDecodeError(`headers list of type ${et}, expected string`, r.o);
      const n = r.count();
      const headers: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) headers[i] = r.string();
      p.headers = headers;
    } else {
      r.skip(type, 0);
    }
  }
  if (r.o !== buf.length) throw new ThriftDecodeError(`${buf.length - r.o} trailing bytes after struct`, r.o);
  if (p.schema === undefined) throw new ThriftDecodeError('field schema (31337) is missing', r.o);
  if (p.timestamp === undefined) throw new ThriftDecodeError('field timestamp (200) is missing', r.o);
  if (p.ipAddress === undefined) p.ipAddress = 'unknown';
  if (p.encoding === undefined) p.encoding = 'UTF-8';
  if (p.collector === undefined) p.collector = '';
  return p as CollectorPayload;
}

function expectType(actual: number, expected: ThriftType, id: number, offset: number): void {
  if (actual !== expected) {
    throw new ThriftDecodeError(`field ${id} has thrift type ${actual}, expected ${expected}`, offset);
  }
}
