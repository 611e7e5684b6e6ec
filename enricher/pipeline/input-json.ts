/**
 * Phase 1 JSON inputs (spec/enrich.md §5.1–5.2): `co`/`cx` contexts and `ue_pr`/`ue_px` unstruct events. Each is
 * parsed (lossless), checked to be self-describing with the right wrapper criterion, the wrapper validated, then
 * every inner entity validated against its own schema. Invalid entities are dropped and each adds its own message;
 * `$supersededBy` rewrites the entity's schema and adds a validation_info entity (§1.3).
 */
import type { SelfDescribingJson } from '../model/self-describing';
import { parseJson } from '../mapping/json';
import type { Validate } from './sync-validation';
import type { SchemaViolationMessage } from './failure-messages';
import {
  CONTEXTS_CRITERION,
  criterionText,
  matchesCriterion,
  parseSelfDescribing,
  SchemaCriterion,
  SchemaKeyParts,
  UNSTRUCT_CRITERION,
  VALIDATION_INFO_SCHEMA,
} from './self-describing';

export interface ValidatedEntity {
  readonly entity: SelfDescribingJson;
  /** validation_info entity when the schema was superseded. */
  readonly validationInfo?: SelfDescribingJson;
}

/** Validates one self-describing entity (lossless value + plain twin); null result = invalid (message pushed). */
export function validateEntity(
  lossless: unknown,
  plain: unknown,
  errors: SchemaViolationMessage[],
  validate: Validate,
): ValidatedEntity | null {
  const parsed = parseSelfDescribing(lossless);
  if (!parsed.ok) {
    errors.push({ json: lossless, error: parsed.error });
    return null;
  }
  const plainData = (plain as { data?: unknown } | null)?.data;
  const result = validate(parsed.sdj.schema, plainData);
  if (!result.ok) {
    errors.push({ schemaKey: parsed.sdj.schema, error: result.error });
    return null;
  }
  if (result.supersededBy === undefined || result.supersededBy === parsed.key.version) {
    return { entity: { schema: parsed.sdj.schema, data: parsed.sdj.data } };
  }
  const k = parsed.key;
  const schema = `iglu:${k.vendor}/${k.name}/${k.format}/${result.supersededBy}`;
  return {
    entity: { schema, data: parsed.sdj.data },
    validationInfo: {
      schema: VALIDATION_INFO_SCHEMA,
      data: { originalSchema: parsed.sdj.schema, validatedWith: result.supersededBy },
    },
  };
}

interface Wrapper {
  lossless: Record<string, unknown>;
  plain: Record<string, unknown>;
  key: SchemaKeyParts;
}

/** Parse → self-describing → criterion → wrapper validation. */
function validateWrapper(
  field: string,
  original: string,
  text: string,
  criterion: SchemaCriterion,
  errors: SchemaViolationMessage[],
  validate: Validate,
): Wrapper | null {
  const json = parseJson(text);
  if (!json.ok) {
    errors.push({ field, value: original, error: json.error });
    return null;
  }
  const parsed = parseSelfDescribing(json.json.lossless);
  if (!parsed.ok) {
    errors.push({ json: json.json.lossless, error: parsed.error });
    return null;
  }
  if (!matchesCriterion(parsed.key, criterion)) {
    errors.push({ schemaKey: parsed.sdj.schema, schemaCriterion: criterionText(criterion) });
    return null;
  }
  const plain = json.json.plain as Record<string, unknown>;
  const result = validate(parsed.sdj.schema, plain.data);
  if (!result.ok) {
    errors.push({ schemaKey: parsed.sdj.schema, error: result.error });
    return null;
  }
  return { lossless: json.json.lossless as Record<string, unknown>, plain, key: parsed.key };
}

export interface ContextsOutcome {
  contexts: SelfDescribingJson[];
  validationInfo: SelfDescribingJson[];
}

export function extractContexts(
  field: string,
  original: string,
  text: string,
  errors: SchemaViolationMessage[],
  validate: Validate,
): ContextsOutcome {
  const out: ContextsOutcome = { contexts: [], validationInfo: [] };
  const wrapper = validateWrapper(field, original, text, CONTEXTS_CRITERION, errors, validate);
  if (wrapper === null) return out;
  const items = wrapper.lossless.data;
  const plainItems = wrapper.plain.data;
  if (!Array.isArray(items) || !Array.isArray(plainItems)) return out;
  for (let i = 0; i < items.length; i++) {
    const v = validateEntity(items[i], plainItems[i], errors, validate);
    if (v === null) continue;
    out.contexts.push(v.entity);
    if (v.validationInfo !== undefined) out.validationInfo.push(v.validationInfo);
  }
  return out;
}

export interface UnstructOutcome {
  unstruct: SelfDescribingJson | null;
  validationInfo?: SelfDescribingJson;
}

export function extractUnstruct(
  field: string,
  original: string,
  text: string,
  errors: SchemaViolationMessage[],
  validate: Validate,
): UnstructOutcome {
  const wrapper = validateWrapper(field, original, text, UNSTRUCT_CRITERION, errors, validate);
  if (wrapper === null) return { unstruct: null };
  const v = validateEntity(wrapper.lossless.data, wrapper.plain.data, errors, validate);
  if (v === null) return { unstruct: null };
  return { unstruct: v.entity, validationInfo: v.validationInfo };
}
