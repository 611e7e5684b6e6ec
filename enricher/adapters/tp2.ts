/**
 * Tracker protocol v2 (spec/enrich.md §2.2): GET with the querystring, or POST of a self-describing
 * `payload_data/1-0-*` body whose `data` array holds one object of string values per event. Querystring parameters
 * are merged into every event and win. Every failure is a tracker_protocol_violations bad row for the payload.
 */
import { parseJson } from '../mapping/json';
import { validate } from '../pipeline/iglu-steps';
import type { AdapterMessage } from '../pipeline/failure-messages';
import { criterionText, matchesCriterion, PAYLOAD_DATA_CRITERION, parseSelfDescribing } from '../pipeline/self-describing';
import type { RawEvent } from '../model/raw-event';
import { Adapter, failed, querystringParams, rawEvent } from './adapter';

export const TP2_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8'];
const CONTENT_TYPE_EXPECTATION = `expected one of ${TP2_CONTENT_TYPES.join(', ')}`;

export const tp2Adapter: Adapter = function* (input) {
  const violation = (messages: AdapterMessage[]) => failed('tracker_protocol_violations', messages);
  const qs = querystringParams(input.querystring);
  const body = input.payload.body;
  const ct = input.payload.contentType;
  if (body === undefined && input.querystring.length === 0) {
    return violation([
      { field: 'body', value: null, expectation: 'empty body: not a valid tracker protocol event' },
      { field: 'querystring', value: null, expectation: 'empty querystring: not a valid tracker protocol event' },
    ]);
  }
  if (ct !== undefined && !TP2_CONTENT_TYPES.includes(ct)) {
    return violation([{ field: 'contentType', value: ct, expectation: CONTENT_TYPE_EXPECTATION }]);
  }
  if (body !== undefined && ct === undefined) {
    return violation([{ field: 'contentType', value: null, expectation: CONTENT_TYPE_EXPECTATION }]);
  }
  if (body === undefined && ct !== undefined) {
    return violation([{ field: 'body', value: null, expectation: 'empty body: not a valid track protocol event' }]);
  }
  if (body === undefined) return { ok: true, events: [rawEvent(input, qs)] };

  const json = parseJson(body);
  if (!json.ok) return violation([{ field: 'body', value: body, error: json.error }]);
  const sd = parseSelfDescribing(json.json.lossless);
  if (!sd.ok) return violation([{ json: json.json.lossless, error: sd.error }]);
  const check = yield* validate(sd.sdj.schema, (json.json.plain as { data: unknown }).data);
  if (!check.ok) return violation([{ schemaKey: sd.sdj.schema, error: check.error }]);
  if (!matchesCriterion(sd.key, PAYLOAD_DATA_CRITERION)) {
    return violation([{ schemaKey: sd.sdj.schema, schemaCriterion: criterionText(PAYLOAD_DATA_CRITERION) }]);
  }
  // The payload_data schemas already require an array of objects of strings; these checks guard custom versions.
  const data = (json.json.plain as { data: unknown }).data;
  if (!Array.isArray(data)) {
    return violation([{ field: 'data', value: JSON.stringify(data) ?? null, expectation: 'json is not an array' }]);
  }
  if (data.length === 0) return violation([{ field: 'data', value: '[]', expectation: 'empty list of events' }]);
  const events: RawEvent[] = [];
  const messages: AdapterMessage[] = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      messages.push({ field: 'data', value: JSON.stringify(item) ?? null, expectation: 'json is not an object' });
      continue;
    }
    const params = new Map<string, string>();
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (v === null) messages.push({ field: k, value: null, expectation: 'value cannot be null' });
      else if (typeof v !== 'string') messages.push({ field: k, value: JSON.stringify(v), expectation: 'value is not a string' });
      else params.set(k, v);
    }
    for (const [k, v] of qs) {
      params.delete(k);
      params.set(k, v);
    }
    events.push(rawEvent(input, params));
  }
  if (messages.length > 0) return violation(messages);
  return { ok: true, events };
};
