/**
 * The JSON Schema engine: ajv in draft-04 mode, set up as spec/iglu-and-output.md §1.2 found to work, plus the Iglu
 * meta-schema used to lint every schema before use.
 *
 * Options and why:
 * - `allErrors`: report every problem, as Snowplow's validator does.
 * - `strict: false`: Iglu schemas carry non-validation keywords (`self`, `$supersededBy`, `examples`, descriptions).
 * - `validateSchema: false`: linting is explicit (IGLU_META_SCHEMA below) so that a bad schema becomes a
 *   `schemaIssues` result instead of an exception, whatever its `$schema` says.
 * - `ownProperties` only where needed: `required: ["toString"]` must not be satisfied by Object.prototype, but the
 *   option slows every validation by ~40%, so schemas naming no inherited property use an engine without it.
 * - `verbose`: errors carry the offending value, needed for networknt-style "integer found, string expected".
 * - `logger: false`: unknown formats and keywords in hostile schemas must not flood the console.
 */
import Ajv04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const IGLU_META_SCHEMA_URI = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';
export const DRAFT_04_URI = 'http://json-schema.org/draft-04/schema#';

/**
 * `iglu:com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0`, as described in spec/iglu-and-output.md §1.2:
 * a `self` block with four patterned keys and nothing else, and draft-04 for the rest.
 */
export const IGLU_META_SCHEMA = Object.freeze({
  id: IGLU_META_SCHEMA_URI,
  description: 'Meta-schema for self-describing JSON schema',
  allOf: [
    {
      properties: {
        self: {
          type: 'object',
          properties: {
            vendor: { type: 'string', pattern: '^[a-zA-Z0-9-_.]+$' },
            name: { type: 'string', pattern: '^[a-zA-Z0-9-_]+$' },
            format: { type: 'string', pattern: '^[a-zA-Z0-9-_]+$' },
            version: { type: 'string', pattern: '^[0-9]+-[0-9]+-[0-9]+$' },
          },
          required: ['vendor', 'name', 'format', 'version'],
          additionalProperties: false,
        },
      },
      required: ['self'],
    },
    { $ref: DRAFT_04_URI },
  ],
});

export interface SchemaEngine {
  /** For schemas that name no inherited property (the usual case). */
  readonly ajv: Ajv04;
  /** With `ownProperties`, for schemas that do (see schema-sanitize.ts). */
  readonly ajvOwnProperties: Ajv04;
  /** Validates a schema document against the Iglu meta-schema. */
  readonly lint: ValidateFunction;
}

function createAjv(ownProperties: boolean): Ajv04 {
  const ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: false, ownProperties, verbose: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('strict-uri', true);
  return ajv;
}

export function createSchemaEngine(): SchemaEngine {
  const ajv = createAjv(false);
  const ajvOwnProperties = createAjv(true);
  const lint = ajvOwnProperties.compile(structuredClone(IGLU_META_SCHEMA) as object);
  return { ajv, ajvOwnProperties, lint };
}
