import { CollectorPayload, ThriftType } from './collector-payload';

/** Field ids in ascending order, as Snowplow's collector writes them. */
const WRITE_ORDER: ReadonlyArray<readonly [number, keyof CollectorPayload]> = [
  [100, 'ipAddress'],
  [200, 'timestamp'],
  [210, 'encoding'],
  [220, 'collector'],
  [300, 'userAgent'],
  [310, 'refererUri'],
  [320, 'path'],
  [330, 'querystring'],
  [340, 'body'],
  [350, 'headers'],
  [360, 'contentType'],
  [400, 'hostname'],
  [410, 'networkUserId'],
  [31337, 'schema'],
];

/** Serialises a CollectorPayload with TBinaryProtocol (bare struct, no envelope). */
export function encodeCollectorPayload(p: CollectorPayload): Buffer {
  let size = 1; // STOP
  const strings: Array<Buffer | undefined> = [];
  let headerBufs: Buffer[] | undefined;
  for (const [id, key] of WRITE_ORDER) {
    if (id === 200) {
      size += 3 + 8;
    } else if (id === 350) {
      if (p.headers !== undefined) {
        headerBufs = p.headers.map((h) => Buffer.from(h, 'utf8'));
        size += 3 + 5;
        for (const b of headerBufs) size += 4 + b.length;
      }
    } else {
      const v = p[key] as string | undefined;
      if (v !== undefined && v !== null) {
        const b = Buffer.from(v, 'utf8');
        strings[id] = b;
        size += 3 + 4 + b.length;
      }
    }
  }
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const [id] of WRITE_ORDER) {
    if (id === 200) {
      o = out.writeUInt8(ThriftType.I64, o);
      o = out.writeInt16BE(id, o);
      o = out.writeBigInt64BE(BigInt(Math.trunc(p.timestamp)), o);
    } else if (id === 350) {
      if (headerBufs !== undefined) {
        o = out.writeUInt8(ThriftType.LIST, o);
        o = out.writeInt16BE(id, o);
        o = out.writeUInt8(ThriftType.STRING, o);
        o = out.writeInt32BE(headerBufs.length, o);
        for (const b of headerBufs) {
          o = out.writeInt32BE(b.length, o);
          o += b.copy(out, o);
        }
      }
    } else {
      const b = strings[id];
      if (b !== undefined) {
        o = out.writeUInt8(ThriftType.STRING, o);
        o = out.writeInt16BE(id, o);
        o = out.writeInt32BE(b.length, o);
        o += b.copy(out, o);
      }
    }
  }
  out.writeUInt8(ThriftType.STOP, o);
  return out;
}
