import Ajv, { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import { EnrichmentConfigError } from '../enrichment';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<SchemaObject, ValidateFunction>();

/**
 * Checks an enrichment's `parameters` against a JSON Schema (draft-07) written by its factory, and throws one
 * EnrichmentConfigError naming the file, the enrichment and every problem with its key path. Returns the value typed.
 */
export function checkParameters<T>(parameters: unknown, schema: SchemaObject, file: string, enrichment: string): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(parameters)) {
    const problems = (validate.errors ?? []).map(describeProblem);
    throw new EnrichmentConfigError(file, enrichment, `invalid parameters: ${[...new Set(problems)].join('; ')}`);
  }
  return parameters as T;
}

function describeProblem(e: ErrorObject): string {
  const path = `parameters${e.instancePath.replace(/\//g, '.')}`;
  if (e.keyword === 'additionalProperties') {
    return `${path}: unknown key '${String((e.params as { additionalProperty: string }).additionalProperty)}'`;
  }
  if (e.keyword === 'required') {
    return `${path}: missing required key '${String((e.params as { missingProperty: string }).missingProperty)}'`;
  }
  if (e.keyword === 'enum') {
    return `${path}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  }
  return `${path}: ${e.message ?? e.keyword}`;
}

/** The `{ uri, database }` pair that names a file an enrichment loads (MaxMind database, IAB list, rules). */
export interface FileRef {
  readonly uri: string;
  readonly database: string;
}

export const FILE_REF_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    uri: { type: 'string', minLength: 1 },
    database: { type: 'string', minLength: 1, pattern: '^[^/\\\\]+$', not: { enum: ['.', '..'] } },
  },
  required: ['uri', 'database'],
};
