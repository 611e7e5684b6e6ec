import { readFileSync } from 'node:fs';
import Ajv, { ErrorObject, SchemaObject } from 'ajv';
import { parse as parseYaml } from 'yaml';

/** Raised at start-up when a config file is missing, unparseable or invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** An environment variable that overrides one key path of the config (e.g. SLEET_PORT → port). */
export interface EnvOverride {
  readonly env: string;
  readonly path: readonly string[];
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
}

export interface LoadConfigOptions {
  /** JSON Schema (draft-07) with `default`s and `additionalProperties: false` on every object. */
  readonly schema: SchemaObject;
  readonly envOverrides?: readonly EnvOverride[];
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads a JSON or YAML file (by extension; `.json` → JSON, anything else YAML, which also accepts JSON). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read file: ${(e as Error).message}`]);
  }
  try {
    return file.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (e) {
    throw new ConfigError(file, [`cannot parse: ${(e as Error).message}`]);
  }
}

/**
 * Validates a raw config object once: applies env overrides, fills defaults, rejects unknown keys, reports every
 * problem with its key path, then deep-freezes the result.
 */
export function buildConfig<T>(raw: unknown, source: string, opts: LoadConfigOptions): Readonly<T> {
  const value: unknown = raw === null || raw === undefined ? {} : structuredClone(raw);
  const problems: string[] = [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(source, ['top level must be an object']);
  }
  applyEnvOverrides(value as Record<string, unknown>, opts.envOverrides ?? [], opts.env ?? {}, problems);
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  const validate = ajv.compile(opts.schema);
  if (!validate(value)) problems.push(...(validate.errors ?? []).map(describeError));
  if (problems.length > 0) throw new ConfigError(source, problems);
  return deepFreeze(value) as Readonly<T>;
}

/** readConfigFile + buildConfig. With no file, the defaults alone (plus env overrides) are validated. */
export function loadConfig<T>(file: string | undefined, opts: LoadConfigOptions): Readonly<T> {
  const raw = file === undefined ? {} : readConfigFile(file);
  return buildConfig<T>(raw, file ?? '<defaults>', opts);
}

function applyEnvOverrides(
  target: Record<string, unknown>,
  overrides: readonly EnvOverride[],
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): void {
  for (const o of overrides) {
    const text = env[o.env];
    if (text === undefined || text === '') continue;
    let v: unknown = text;
    if (o.type === 'integer' || o.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || (o.type === 'integer' && !Number.isInteger(n))) {
        problems.push(`${o.env}: expected ${o.type}, got ${JSON.stringify(text)}`);
        continue;
      }
      v = n;
    } else if (o.type === 'boolean') {
      if (text !== 'true' && text !== 'false') {
        problems.push(`${o.env}: expected true or false, got ${JSON.stringify(text)}`);
        continue;
      }
      v = text === 'true';
    }
    let node = target;
    for (const key of o.path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[o.path[o.path.length - 1]] = v;
  }
}

function describeError(e: ErrorObject): string {
  const base = e.instancePath === '' ? '(root)' : e.instancePath.slice(1).replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return `${base === '(root)' ? extra : `${base}.${extra}`}: unknown key`;
  }
  if (e.keyword === 'enum') {
    return `${base}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  }
  return `${base}: ${e.message ?? e.keyword}`;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v as Record<string, unknown>)) deepFreeze(child);
  }
  return v;
}
