import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EnrichmentConfigError } from '../enrichment';
import { parseSchemaKey, SchemaKey } from './schema-key';

/** The wrapper of a single-file enrichments config (spec/enrich.md §4.0 "Config wrapper"). */
export const ENRICHMENTS_WRAPPER_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0';

/** Largest config file read (a JavaScript enrichment embeds its script; 10 MiB is far above any real config). */
const MAX_CONFIG_FILE_BYTES = 10 * 1024 * 1024;

/** Where the enrichment configs come from: a directory of `*.json` files, one file, or already-parsed JSON. */
export type EnrichmentConfigSource =
  | { readonly path: string }
  | {
      /** The `enrichments/jsonschema/1-0-0` wrapper, or an array of self-describing configs. */
      readonly json: unknown;
      /** Named in error messages (default `inline`). */
      readonly name?: string;
    };

/** One self-describing enrichment config, shape-checked (not yet matched to a factory). */
export interface EnrichmentConfigEntry {
  /** File path, with `[i]` appended for entries of a wrapper array: used in every error message. */
  readonly file: string;
  readonly schema: string;
  readonly key: SchemaKey;
  readonly enabled: boolean;
  readonly parameters: unknown;
  /** The whole `data` object (`vendor`, `name`, `enabled`, `parameters`, top-level options). */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Reads and shape-checks every config of a source, collecting all problems: a JSON file that does not parse, an
 * entry that is not self-describing, a schema that is not an Iglu URI, a missing `enabled` flag, or a `data.name`
 * that contradicts the schema name.
 */
export function loadEnrichmentConfigs(source: EnrichmentConfigSource): {
  entries: EnrichmentConfigEntry[];
  problems: EnrichmentConfigError[];
} {
  const entries: EnrichmentConfigEntry[] = [];
  const problems: EnrichmentConfigError[] = [];
  for (const { file, json } of readSource(source, problems)) collectEntries(json, file, entries, problems);
  return { entries, problems };
}

function readSource(
  source: EnrichmentConfigSource,
  problems: EnrichmentConfigError[],
): Array<{ file: string; json: unknown }> {
  if ('json' in source) return [{ file: source.name ?? 'inline', json: source.json }];
  let files: string[];
  try {
    files = statSync(source.path).isDirectory()
      ? readdirSync(source.path)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(source.path, f))
      : [source.path];
  } catch (e) {
    problems.push(new EnrichmentConfigError(source.path, '-', `cannot read: ${(e as Error).message}`));
    return [];
  }
  const out: Array<{ file: string; json: unknown }> = [];
  for (const file of files) {
    try {
      if (statSync(file).size > MAX_CONFIG_FILE_BYTES) {
        problems.push(new EnrichmentConfigError(file, '-', `larger than ${MAX_CONFIG_FILE_BYTES} bytes`));
        continue;
      }
      out.push({ file, json: JSON.parse(readFileSync(file, 'utf8')) as unknown });
    } catch (e) {
      problems.push(new EnrichmentConfigError(file, '-', `not valid JSON: ${(e as Error).message}`));
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collectEntries(
  json: unknown,
  file: string,
  entries: EnrichmentConfigEntry[],
  problems: EnrichmentConfigError[],
): void {
  if (Array.isArray(json)) {
    json.forEach((item, i) => collectEntries(item, `${file}[${i}]`, entries, problems));
    return;
  }
  if (!isObject(json) || typeof json.schema !== 'string' || !('data' in json)) {
    problems.push(new EnrichmentConfigError(file, '-', 'not a self-describing JSON: expected {"schema": "iglu:…", "data": …}'));
    return;
  }
  if (json.schema === ENRICHMENTS_WRAPPER_SCHEMA) {
    if (!Array.isArray(json.data)) {
      problems.push(new EnrichmentConfigError(file, '-', `${ENRICHMENTS_WRAPPER_SCHEMA} data must be an array of configs`));
      return;
    }
    json.data.forEach((item, i) => collectEntries(item, `${file}[${i}]`, entries, problems));
    return;
  }
  const key = parseSchemaKey(json.schema);
  if (!key) {
    problems.push(new EnrichmentConfigError(file, '-', `schema ${JSON.stringify(json.schema)} is not an Iglu URI`));
    return;
  }
  const data = json.data;
  if (!isObject(data)) {
    problems.push(new EnrichmentConfigError(file, key.name, 'data must be an object with vendor, name, enabled, parameters'));
    return;
  }
  if (typeof data.enabled !== 'boolean') {
    problems.push(new EnrichmentConfigError(file, key.name, 'data.enabled must be true or false'));
    return;
  }
  if (data.name !== undefined && data.name !== key.name) {
    problems.push(
      new EnrichmentConfigError(file, key.name, `data.name ${JSON.stringify(data.name)} does not match the schema name`),
    );
    return;
  }
  entries.push({ file, schema: json.schema, key, enabled: data.enabled, parameters: data.parameters, data });
}
