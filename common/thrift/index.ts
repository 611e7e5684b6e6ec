export * from './collector-payload';
export { encodeCollectorPayload } from './encode';
export { decodeCollectorPayload, ThriftDecodeError } from './decode';
