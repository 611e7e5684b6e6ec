/** Iglu for Sleet: resolver, repositories and validator. See docs/iglu.md. */
export type { IgluClientError, IgluValidation, IgluValidator } from './types';
export { createIgluValidator, DEFAULT_RETRY, DEFAULT_HTTP_TIMEOUTS, SLEET_EMBEDDED_REPOSITORY } from './create-iglu-validator';
export type { IgluValidatorOptions } from './create-iglu-validator';
export type { IgluSchemaValidator } from './validator';
export { IgluInfrastructureError, isIgluInfrastructureError } from './errors';
export { parseResolverConfig, loadResolverConfigFile } from './resolver-config';
export type { ResolverConfig, RepositoryConfig } from './resolver-config';
export { defaultResolverConfig, DEFAULT_RESOLVER_CONFIG_FILE, SLEET_SCHEMAS_DIR, SLEET_VENDOR } from './defaults';
export { parseSchemaKey, isSchemaKey, schemaKeyUri, compareSchemaVer, parseSchemaVer } from './schema-key';
export type { SchemaKey, SchemaVer, SchemaKeyError } from './schema-key';
