/**
 * Iglu webhook adapter, `/com.snowplowanalytics.iglu/v1` (spec/enrich.md §2.8, spec/collector.md §1.6): turns
 * `GET ?schema=iglu:…&k=v`, a POST of a self-describing JSON, a POST of plain JSON with `?schema=`, or a form POST
 * with `?schema=` into one `e=ue` event. Parameter values become JSON strings; `nuid aid cv p` stay event parameters
 * and `nuid aid cv eid ttm url` are copied onto the event. Failures are adapter_failures.
 */
import { parseJson, stringifyJson } from '../mapping/json';
import { parseFormPairs } from '../mapping/querystring';
import { parseSchemaUri, parseSelfDescribing, UNSTRUCT_SCHEMA } from '../pipeline/self-describing';
import type { AdapterMessage } from '../pipeline/failure-messages';
import { Adapter, failed, LoadedPayload, querystringParams, rawEvent } from './adapter';

export const IGLU_TRACKER_VERSION = 'com.snowplowanalytics.iglu-v1';
export const IGLU_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded'];
const ACCEPTED_QUERY_PARAMETERS = ['nuid', 'aid', 'cv', 'eid', 'ttm', 'url'];
const NOT_IN_DATA = new Set(['schema', 'nuid', 'aid', 'cv', 'p']);

function eventParams(params: ReadonlyMap<string, string>, schema: string, data: unknown): Map<string, string> {
  const out = new Map<string, string>([
    ['tv', IGLU_TRACKER_VERSION],
    ['e', 'ue'],
    ['p', params.get('p') ?? 'app'],
    ['ue_pr', stringifyJson({ schema: UNSTRUCT_SCHEMA, data: { schema, data } })],
  ]);
  for (const k of ACCEPTED_QUERY_PARAMETERS) {
    const v = params.get(k);
    if (v !== undefined) out.set(k, v);
  }
  return out;
}

function paramsAsData(params: ReadonlyMap<string, string>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [k, v] of params) if (!NOT_IN_DATA.has(k)) data[k] = v;
  return data;
}

function withSchema(input: LoadedPayload, params: ReadonlyMap<string, string>, schema: string, data: unknown) {
  if (typeof parseSchemaUri(schema) === 'string') {
    return failed('adapter_failures', [
      { field: 'schema', value: schema, expectation: 'must be a valid Iglu schema URI (iglu:vendor/name/format/M-R-A)' },
    ]);
  }
  return { ok: true as const, events: [rawEvent(input, eventParams(params, schema, data))] };
}

export const igluWebhookAdapter: Adapter = function* (input) {
  yield* [];
  const params = querystringParams(input.querystring);
  const schema = params.get('schema');
  const body = input.payload.body;
  const ct = input.payload.contentType;
  const failure = (m: AdapterMessage) => failed('adapter_failures', [m]);
  if (body !== undefined && ct !== undefined) {
    if (ct === 'application/x-www-form-urlencoded') {
      if (schema === undefined) {
        return failure({ field: 'schema', value: null, expectation: 'a form body needs a `schema` querystring parameter' });
      }
      const form = querystringParams(parseFormPairs(body, input.decoder));
      return withSchema(input, params, schema, paramsAsData(form));
    }
    if (!IGLU_CONTENT_TYPES.includes(ct)) {
      return failure({ field: 'contentType', value: ct, expectation: `expected one of ${IGLU_CONTENT_TYPES.join(', ')}` });
    }
    const json = parseJson(body);
    if (!json.ok) return failure({ field: 'body', value: body, error: json.error });
    if (schema !== undefined) return withSchema(input, params, schema, json.json.lossless);
    const sd = parseSelfDescribing(json.json.lossless);
    if (!sd.ok) return failure({ json: json.json.lossless, error: sd.error });
    return { ok: true, events: [rawEvent(input, eventParams(params, sd.sdj.schema, sd.sdj.data))] };
  }
  if (body !== undefined && ct === undefined) {
    return failure({ field: 'contentType', value: null, expectation: `expected one of ${IGLU_CONTENT_TYPES.join(', ')}` });
  }
  if (schema === undefined) {
    return failure({
      field: 'querystring',
      value: input.payload.querystring || null,
      expectation: 'no `schema` parameter: not a valid Iglu-compatible webhook event',
    });
  }
  return withSchema(input, params, schema, paramsAsData(params));
};
