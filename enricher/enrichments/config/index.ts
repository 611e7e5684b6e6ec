export { createEnrichmentRegistry, ConfiguredEnrichments, EnrichmentConfigErrors } from './create-registry';
export type { EnrichmentRegistryOptions } from './create-registry';
export { loadEnrichmentConfigs, ENRICHMENTS_WRAPPER_SCHEMA } from './load-enrichment-configs';
export type { EnrichmentConfigEntry, EnrichmentConfigSource } from './load-enrichment-configs';
export { checkParameters, FILE_REF_SCHEMA } from './parameters';
export type { FileRef } from './parameters';
export { FileFetcher } from './file-fetcher';
export { parseSchemaKey } from './schema-key';
export { UNSUPPORTED_ENRICHMENTS } from './unsupported';
