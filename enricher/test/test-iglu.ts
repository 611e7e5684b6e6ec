/**
 * A narrow in-memory IgluValidator for unit tests: a few small schemas written here (not copied from Iglu Central),
 * compiled with ajv draft-04. Unknown schemas resolve to a ResolutionError (NotFound), like a real resolver.
 * `asyncOnly` makes `validateCached` always miss, to exercise the asynchronous path of the pipeline.
 */
import Ajv04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import type { IgluValidation, IgluValidator } from '../iglu/types';

const SDJ_ITEM = {
  type: 'object',
  properties: {
    schema: { type: 'string', pattern: '^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[0-9]+-[0-9]+-[0-9]+$' },
    data: {},
  },
  required: ['schema', 'data'],
  additionalProperties: false,
};

const PAYLOAD_KEYS =
  'tna aid p dtm tz e tid eid tv duid nuid uid vid ip res url page refr fp ctype cookie lang f_pdf f_qt f_realp f_wma f_dir f_fla f_java f_gears f_ag cd ds cs vp mac pp_mix pp_max pp_miy pp_may ad_ba ad_ca ad_ad ad_uid tr_id tr_af tr_tt tr_tx tr_sh tr_ci tr_st tr_co tr_cu ti_id ti_sk ti_nm ti_na ti_ca ti_pr ti_qu ti_cu sa sn st sp se_ca se_ac se_la se_pr se_va ue_na ue_pr ue_px co cx ua tnuid stm sid ttm'.split(' ');

const payloadData = (extra: boolean) => ({
  type: 'array',
  items: {
    type: 'object',
    properties: Object.fromEntries(PAYLOAD_KEYS.map((k) => [k, { type: 'string' }])),
    required: ['tv', 'p', 'e'],
    additionalProperties: extra ? { type: 'string' } : false,
  },
  minItems: 1,
});

const SP = 'iglu:com.snowplowanalytics.snowplow';

/** The schemas of the unit tests, keyed by Iglu URI. */
export const TEST_SCHEMAS: Record<string, object> = {
  [`${SP}/contexts/jsonschema/1-0-0`]: { type: 'array', items: SDJ_ITEM, minItems: 1 },
  [`${SP}/contexts/jsonschema/1-0-1`]: { type: 'array', items: SDJ_ITEM },
  [`${SP}/unstruct_event/jsonschema/1-0-0`]: SDJ_ITEM,
  [`${SP}/payload_data/jsonschema/1-0-0`]: payloadData(true),
  [`${SP}/payload_data/jsonschema/1-0-4`]: payloadData(false),
  [`${SP}/web_page/jsonschema/1-0-0`]: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' } },
    required: ['id'],
    additionalProperties: false,
  },
  [`${SP}/uri_redirect/jsonschema/1-0-0`]: {
    type: 'object',
    properties: { uri: { type: 'string', maxLength: 8192 } },
    required: ['uri'],
    additionalProperties: false,
  },
  'iglu:com.acme/product/jsonschema/1-0-0': {
    type: 'object',
    properties: { sku: { type: 'string' }, price: { type: 'number' }, qty: { type: 'integer' } },
    required: ['sku'],
  },
  'iglu:com.acme/link_click/jsonschema/1-0-0': {
    type: 'object',
    properties: { targetUrl: { type: 'string', minLength: 1 }, elementId: { type: 'string' } },
    required: ['targetUrl'],
    additionalProperties: false,
  },
  'iglu:com.acme/signup/jsonschema/1-0-0': {
    type: 'object',
    properties: { email: { type: 'string' }, plan: { type: 'string' }, source: { type: 'string' } },
    additionalProperties: true,
  },
  'iglu:com.acme/anything/jsonschema/1-0-0': {},
  'iglu:com.acme/old/jsonschema/1-0-0': { $supersededBy: '1-0-1', type: 'object' },
  'iglu:com.acme/old/jsonschema/1-0-1': { type: 'object', properties: { a: { type: 'integer' } } },
  'iglu:com.acme/derived/jsonschema/1-0-0': {
    type: 'object',
    properties: { n: { type: 'integer' } },
    required: ['n'],
  },
};

export interface TestIgluOptions {
  asyncOnly?: boolean;
  schemas?: Record<string, object>;
}

export class TestIglu implements IgluValidator {
  readonly #ajv = new Ajv04({ allErrors: true, strict: false });
  readonly #compiled = new Map<string, ValidateFunction | null>();
  readonly #schemas: Record<string, object>;
  constructor(readonly options: TestIgluOptions = {}) {
    this.#schemas = { ...TEST_SCHEMAS, ...(options.schemas ?? {}) };
    this.#ajv.addKeyword('$supersededBy');
    this.#ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  }

  #fn(uri: string): ValidateFunction | null {
    let fn = this.#compiled.get(uri);
    if (fn === undefined) {
      const schema = this.#schemas[uri];
      fn = schema === undefined ? null : this.#ajv.compile(schema);
      this.#compiled.set(uri, fn);
    }
    return fn;
  }

  #run(uri: string, data: unknown): IgluValidation {
    let target = uri;
    const superseded = (this.#schemas[uri] as { $supersededBy?: string } | undefined)?.$supersededBy;
    if (superseded !== undefined) target = uri.replace(/[0-9]+-[0-9]+-[0-9]+$/, superseded);
    const fn = this.#fn(target);
    if (fn === null) {
      return {
        ok: false,
        error: {
          error: 'ResolutionError',
          lookupHistory: [{ repository: 'test', errors: [{ error: 'NotFound' }], attempts: 1, lastAttempt: '2024-01-01T00:00:00Z' }],
        },
      };
    }
    if (fn(data)) return superseded !== undefined ? { ok: true, supersededBy: superseded } : { ok: true };
    return {
      ok: false,
      error: {
        error: 'ValidationError',
        dataReports: (fn.errors ?? []).map((e) => ({
          message: `$${e.instancePath.replace(/\//g, '.')}: ${e.message ?? 'invalid'}`,
          path: `$${e.instancePath.replace(/\//g, '.')}`,
          keyword: e.keyword,
          targets: [],
        })),
      },
    };
  }

  validateCached(uri: string, data: unknown): IgluValidation | undefined {
    return this.options.asyncOnly === true ? undefined : this.#run(uri, data);
  }
  async validate(uri: string, data: unknown): Promise<IgluValidation> {
    return this.#run(uri, data);
  }
  async lookupSchema(uri: string): Promise<Record<string, unknown> | null> {
    return (this.#schemas[uri] as Record<string, unknown> | undefined) ?? null;
  }
}
