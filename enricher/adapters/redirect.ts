/**
 * Redirect adapter, `/r/tp2?u=<target>&…` (spec/enrich.md §2.7): the target becomes a `uri_redirect` unstruct event,
 * or, when the request already carries an event (`e`), a `uri_redirect` entity prepended to `cx` (base64) or `co`.
 * `tv` is forced to `r-tp2`, `p` defaults to `web`, `u` is removed. Failures are tracker_protocol_violations.
 */
import { decodeBase64Lenient, encodeBase64UrlNoPad } from '../mapping/base64';
import { parseJson, stringifyJson } from '../mapping/json';
import type { AdapterMessage } from '../pipeline/failure-messages';
import { CONTEXTS_SCHEMA, UNSTRUCT_SCHEMA } from '../pipeline/self-describing';
import { Adapter, failed, querystringParams, rawEvent } from './adapter';

export const URI_REDIRECT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0';

/** Prepends the entity to the `data` array of a contexts JSON text; errors name the parameter. */
function prependTo(field: string, original: string, text: string, entity: unknown): string | AdapterMessage {
  const json = parseJson(text);
  if (!json.ok) return { field, value: original, error: json.error };
  const wrapper = json.json.lossless;
  if (typeof wrapper === 'object' && wrapper !== null && Array.isArray((wrapper as { data?: unknown }).data)) {
    const w = wrapper as { data: unknown[] };
    w.data = [entity, ...w.data];
  }
  return stringifyJson(wrapper);
}

export const redirectAdapter: Adapter = function* (input) {
  const params = querystringParams(input.querystring);
  const violation = (m: AdapterMessage) => failed('tracker_protocol_violations', [m]);
  if (input.querystring.length === 0) {
    return violation({ field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect' });
  }
  const u = params.get('u');
  if (u === undefined) {
    const qs = input.payload.querystring ?? null;
    return violation({ field: 'querystring', value: qs, expectation: 'missing `u` parameter: not a valid URI redirect' });
  }
  const entity = { schema: URI_REDIRECT_SCHEMA, data: { uri: u } };
  const out = new Map(params);
  out.delete('u');
  if (!params.has('e')) {
    out.set('e', 'ue');
    out.set('ue_pr', stringifyJson({ schema: UNSTRUCT_SCHEMA, data: entity }));
  } else {
    const cx = params.get('cx');
    const co = params.get('co');
    if (cx !== undefined) {
      const r = prependTo('cx', cx, decodeBase64Lenient(cx), entity);
      if (typeof r !== 'string') return violation(r);
      out.set('cx', encodeBase64UrlNoPad(r));
    } else if (co !== undefined && co !== '') {
      const r = prependTo('co', co, co, entity);
      if (typeof r !== 'string') return violation(r);
      out.set('co', r);
    } else {
      out.set('co', stringifyJson({ schema: CONTEXTS_SCHEMA, data: [entity] }));
    }
  }
  out.set('tv', 'r-tp2');
  out.set('p', params.get('p') ?? 'web');
  yield* [];
  return { ok: true, events: [rawEvent(input, out)] };
};
