/** Validates data against one of this repository's own Iglu schemas (schemas/), for tests of enrichment outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';

const ajv = new Ajv({ strict: false, allErrors: true });

export function validateAgainstSleetSchema(schemaUri: string, data: unknown): string[] {
  const m = /^iglu:([^/]+)\/([^/]+)\/jsonschema\/(\d+-\d+-\d+)$/.exec(schemaUri);
  if (!m) throw new Error(`not an Iglu URI: ${schemaUri}`);
  const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas', m[1], m[2], 'jsonschema', m[3]), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const validate = ajv.compile(schema);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
