import { ENRICHED_FIELD_COUNT, ENRICHED_FIELD_INDEX } from '../../../../common/enriched-fields';
import { contextSchemas, eventJson, eventSchema } from './event-json';
import { parseBadFilter, parseGoodFilter } from './micro-api';
import { MicroStore, type GoodEvent } from './micro-store';

function tsv(values: Partial<Record<keyof typeof ENRICHED_FIELD_INDEX, string>>): string {
  const f = new Array<string>(ENRICHED_FIELD_COUNT).fill('');
  for (const [k, v] of Object.entries(values)) f[ENRICHED_FIELD_INDEX[k as keyof typeof ENRICHED_FIELD_INDEX]] = v!;
  return f.join('\t');
}

function good(e: string, event: string, extra: Partial<Record<keyof typeof ENRICHED_FIELD_INDEX, string>> = {}): GoodEvent {
  const ev = eventJson(tsv({ event, ...extra }));
  return { rawEvent: { api: { vendor: 'v', version: 'tp2' }, parameters: { e }, contentType: null, source: { name: 'c', encoding: 'UTF-8', hostname: null }, context: { timestamp: '', ipAddress: null, useragent: null, refererUri: null, headers: [], userId: null } }, eventType: event, schema: eventSchema(ev), contexts: contextSchemas(ev), event: ev };
}

describe('eventJson', () => {
  it('types every field like the canonical Event JSON', () => {
    const e = eventJson(
      tsv({
        collector_tstamp: '2024-05-01 10:15:00.123',
        br_cookies: '1',
        dvce_ismobile: '0',
        tr_total: '12.50',
        geo_latitude: '51.5',
        page_urlport: '8080',
        contexts: '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:a/b/jsonschema/1-0-0","data":{}}]}',
        event_vendor: 'com.acme',
        event_name: 'click',
        event_format: 'jsonschema',
        event_version: '1-0-0',
      }),
    );
    expect(e).toMatchObject({ collector_tstamp: '2024-05-01T10:15:00.123Z', br_cookies: true, dvce_ismobile: false, tr_total: 12.5, geo_latitude: 51.5, page_urlport: 8080, app_id: null, derived_contexts: {}, unstruct_event: null });
    expect(Object.keys(e)).toHaveLength(ENRICHED_FIELD_COUNT);
    expect(contextSchemas(e)).toEqual(['iglu:a/b/jsonschema/1-0-0']);
    expect(eventSchema(e)).toBe('iglu:com.acme/click/jsonschema/1-0-0');
  });

  it('keeps unparseable values as text instead of throwing', () => {
    expect(eventJson(tsv({ contexts: '{broken', page_urlport: 'x' }))).toMatchObject({ contexts: '{broken', page_urlport: 'x' });
    expect(eventJson('').app_id).toBeNull();
  });
});

describe('MicroStore', () => {
  it('filters by e code or event name, schema (ue only), contexts (with or without iglu:), newest first, limit', () => {
    const s = new MicroStore();
    const ctx = '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:a/b/jsonschema/1-0-0","data":{}}]}';
    s.addGood(good('pv', 'page_view'));
    s.addGood(good('ue', 'unstruct', { event_vendor: 'com.acme', event_name: 'click', event_format: 'jsonschema', event_version: '1-0-0', contexts: ctx }));
    s.addGood(good('pv', 'page_view', { contexts: ctx }));
    expect(s.good().map((g) => g.eventType)).toEqual(['page_view', 'unstruct', 'page_view']);
    expect(s.good({ event_type: 'pv' })).toHaveLength(2);
    expect(s.good({ event_type: 'unstruct' })).toHaveLength(1);
    expect(s.good({ schema: 'com.acme/click/jsonschema/1-0-0' })).toHaveLength(1);
    expect(s.good({ contexts: ['a/b/jsonschema/1-0-0'] })).toHaveLength(2);
    expect(s.good({ contexts: ['iglu:a/b/jsonschema/1-0-0', 'iglu:x/y/jsonschema/1-0-0'] })).toHaveLength(0);
    expect(s.good({ limit: 1 })).toEqual([s.good()[0]]);
    expect(s.counts()).toEqual({ total: 3, good: 3, bad: 0 });
  });

  it('forgets the oldest events past its bound', () => {
    const s = new MicroStore(2);
    for (const n of ['a', 'b', 'c']) s.addBad({ collectorPayload: null, rawEvent: null, errors: [n] });
    expect(s.bad().map((b) => b.errors[0])).toEqual(['c', 'b']);
    expect(s.bad({ vendor: 'x' })).toEqual([]);
  });
});

describe('Micro filters', () => {
  it('reject wrong types with a reason', () => {
    expect(() => parseGoodFilter([])).toThrow(/JSON object/);
    expect(() => parseGoodFilter({ limit: 1.5 })).toThrow(/limit/);
    expect(() => parseGoodFilter({ schema: 3 })).toThrow(/schema/);
    expect(() => parseBadFilter({ vendor: {} })).toThrow(/vendor/);
    expect(parseGoodFilter({ event_type: 'pv', contexts: null })).toEqual({ event_type: 'pv', schema: undefined, contexts: undefined, limit: undefined });
  });
});
