export * from './envelope';
export { sizeViolation } from './size-violation';
