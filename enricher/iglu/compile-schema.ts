/**
 * Turns one cached lookup into what validation needs, once per cache entry (spec/enrich.md §5):
 * - a hit is linted against the Iglu meta-schema, its `self` checked against the requested key, `$supersededBy`
 *   honoured, then compiled by ajv;
 * - a miss becomes its ResolutionError, an unusable document its `schemaIssues`.
 * Results that do not depend on the data are built once and frozen.
 */
import type { ValidateFunction } from 'ajv-draft-04';
import type { SchemaEngine } from './ajv-setup';
import { instantString, registryMessage } from './errors';
import type { CacheEntry, SchemaIssue } from './resolver';
import { jsonDepthExceeds, MAX_SCHEMA_JSON_DEPTH, sanitizeSchema } from './schema-sanitize';
import {
  compareSchemaVer,
  formatSchemaVer,
  isSchemaKey,
  parseSchemaKey,
  parseSchemaVer,
  SchemaKey,
  schemaKeyUri,
} from './schema-key';
import type { IgluValidation } from './types';

export type CompiledSchema =
  | { readonly kind: 'ready'; readonly validate: ValidateFunction; readonly compiledSchema: object; readonly ajv: SchemaEngine['ajv'] }
  | { readonly kind: 'superseded'; readonly targetUri: string; readonly targetKey: SchemaKey; readonly version: string }
  | { readonly kind: 'final'; readonly result: IgluValidation };

export type CompiledEntry = CacheEntry<CompiledSchema>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function finalResult(result: IgluValidation): CompiledSchema {
  return { kind: 'final', result: deepFreeze(result) };
}

export function schemaIssuesResult(issues: readonly SchemaIssue[]): CompiledSchema {
  return finalResult({ ok: false, error: { schemaIssues: issues.map((i) => ({ path: i.path, message: i.message })), error: 'ValidationError' } });
}

function clientFailure(repository: string, message: string, at: number): CompiledSchema {
  return finalResult({
    ok: false,
    error: {
      error: 'ResolutionError',
      lookupHistory: [{ errors: [{ error: 'ClientFailure', message: registryMessage(message) }], attempts: 1, lastAttempt: instantString(at), repository }],
    },
  });
}

/** JSONPath-style location of an ajv schema error (`/self/vendor` → `$.self.vendor`). */
function schemaPath(instancePath: string): string {
  return instancePath === '' ? '$' : '$' + instancePath.split('/').slice(1).map((s) => `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`).join('');
}

/** Problems that make a schema document unusable, empty when it is a valid Iglu schema for `key`. */
export function lintSchema(engine: SchemaEngine, schema: Record<string, unknown>, key: SchemaKey | null): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (!engine.lint(schema)) {
    for (const e of engine.lint.errors ?? []) {
      if (e.keyword === 'allOf') continue;
      issues.push({ path: schemaPath(e.instancePath), message: `${e.message ?? 'is invalid'}${e.keyword === 'required' ? ` (${String(e.params.missingProperty)})` : ''}` });
    }
    return issues;
  }
  if (key !== null) {
    const self = schema.self as Record<string, string>;
    const actual = `${self.vendor}/${self.name}/${self.format}/${self.version}`;
    const expected = `${key.vendor}/${key.name}/${key.format}/${formatSchemaVer(key.version)}`;
    if (actual !== expected) issues.push({ path: '$.self', message: `self describes ${actual}, expected ${expected}` });
  }
  return issues;
}

export function compileEntry(engine: SchemaEngine, entry: CompiledEntry, now: number): CompiledSchema {
  const outcome = entry.outcome;
  if (outcome.kind === 'miss') return finalResult({ ok: false, error: { error: 'ResolutionError', lookupHistory: [...outcome.lookupHistory] } });
  if (outcome.kind === 'invalid') return schemaIssuesResult(outcome.issues);
  const parsed = parseSchemaKey(entry.uri);
  const key = isSchemaKey(parsed) ? parsed : null;
  if (jsonDepthExceeds(outcome.schema, MAX_SCHEMA_JSON_DEPTH)) {
    return schemaIssuesResult([{ path: '$', message: `schema nesting exceeds ${MAX_SCHEMA_JSON_DEPTH} levels` }]);
  }
  let issues: SchemaIssue[];
  try {
    issues = lintSchema(engine, outcome.schema, key);
  } catch (e) {
    return schemaIssuesResult([{ path: '$', message: `schema cannot be checked: ${short((e as Error).message)}` }]);
  }
  if (issues.length > 0) return schemaIssuesResult(issues);
  const superseding = outcome.schema.$supersededBy;
  if (superseding !== undefined && key !== null) {
    const version = typeof superseding === 'string' ? parseSchemaVer(superseding) : null;
    if (version === null || compareSchemaVer(version, key.version) <= 0) {
      const shown = JSON.stringify(superseding);
      return clientFailure(outcome.repository, `Invalid $supersededBy ${shown}: must be a SchemaVer greater than ${formatSchemaVer(key.version)}`, now);
    }
    const targetKey = { ...key, version };
    return { kind: 'superseded', targetUri: schemaKeyUri(targetKey), targetKey, version: formatSchemaVer(version) };
  }
  try {
    const { schema: compiledSchema, needsOwnProperties } = sanitizeSchema(outcome.schema);
    const ajv = needsOwnProperties ? engine.ajvOwnProperties : engine.ajv;
    const validate = ajv.compile(compiledSchema);
    return { kind: 'ready', validate, compiledSchema, ajv };
  } catch (e) {
    return schemaIssuesResult([{ path: '$', message: `schema cannot be compiled: ${short((e as Error).message)}` }]);
  }
}

function short(message: string): string {
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** Frees what ajv keeps for a compiled schema once its cache entry is gone. */
export function releaseCompiled(compiled: CompiledSchema | undefined): void {
  if (compiled?.kind === 'ready') compiled.ajv.removeSchema(compiled.compiledSchema);
}
