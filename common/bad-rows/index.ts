export * from './envelope';
export { sizeViolation } from './size-violation';
export { collectorPayloadFormatViolation } from './collector-payload-format-violation';
export { adapterFailures, trackerProtocolViolations } from './adapter-failures';
export { enrichmentFailures, genericError, schemaViolations } from './event-failures';
