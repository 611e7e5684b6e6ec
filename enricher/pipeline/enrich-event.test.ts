/**
 * The pipeline around enrichments (spec/enrich.md §3.1, §4.0): slot order interleaved with the core steps,
 * derived_contexts prepended per step, failures → enrichment_failures, priority of phase-1 violations over
 * enrichment failures over phase-3 violations, invalid derived contexts dropped, JS-replaced contexts re-validated,
 * drops counted. Enrichments here are narrow fakes recording what they saw.
 */
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import { ENRICHED_FIELD_INDEX } from '../../common/enriched-fields';
import type { EnrichDeps } from '../api';
import { Enrichment, EnrichmentInput, EnrichmentRegistry, EnrichmentResult, EnrichmentSlot, ENRICHMENT_SLOTS } from '../enrichments/enrichment';
import { enrichPayload } from '../enrich-payload';
import { TestIglu } from '../test/test-iglu';
import type { PipelineEnrichmentInput } from './enrich-event';

function registry(map: Partial<Record<EnrichmentSlot, Array<(i: EnrichmentInput) => EnrichmentResult | undefined>>>, log: string[]): EnrichmentRegistry {
  return {
    at(slot) {
      return (map[slot] ?? []).map(
        (fn, k): Enrichment => ({
          slot,
          name: `${slot}#${k}`,
          enrich: (input) => {
            log.push(`${slot}#${k}`);
            return fn(input);
          },
        }),
      );
    },
    close: async () => undefined,
  };
}

function deps(enrichments: EnrichmentRegistry): EnrichDeps {
  return { iglu: new TestIglu(), enrichments, processor: { artifact: 'sleet', version: '0.1.0' }, maxRecordBytes: 1_000_000, clock: () => 0 };
}

function record(qs: string, fields: Record<string, string> = {}): Uint8Array {
  return encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '192.0.2.1',
    timestamp: 1700000000000,
    encoding: 'UTF-8',
    collector: 'c',
    path: '/i',
    querystring: qs,
    ...fields,
  });
}

const ctx = { etlTimestamp: 1700000000000, arrivalTimestamp: 1700000000000 };
const col = (tsv: string, name: keyof typeof ENRICHED_FIELD_INDEX) => tsv.split('\t')[ENRICHED_FIELD_INDEX[name]];
const derived = (n: number) => ({ schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: { n } });

test('every slot runs once, in ENRICHMENT_SLOTS order, with core fields set at the right steps', async () => {
  const log: string[] = [];
  const seen: Record<string, unknown> = {};
  const map: Partial<Record<EnrichmentSlot, Array<(i: EnrichmentInput) => EnrichmentResult | undefined>>> = {};
  for (const slot of ENRICHMENT_SLOTS) map[slot] = [() => undefined];
  map.iab_spiders_and_robots = [(i) => void (seen.iabPageHost = i.event.page_urlhost) as undefined];
  map.referer_parser = [(i) => void (seen.refrHost = i.event.refr_urlhost) as undefined];
  map.campaign_attribution = [(i) => void (seen.query = (i as PipelineEnrichmentInput).pageQuerystring?.get('utm_source')) as undefined];
  map.yauaa = [(i) => void (seen.vendorBeforeExtraction = i.event.event_vendor) as undefined];
  map.ip_lookups = [(i) => void (seen.vendorAfterExtraction = i.event.event_vendor) as undefined];
  const r = await enrichPayload(
    record('e=pv&p=web&url=http%3A%2F%2Fa.test%2F%3Futm_source%3Dnews&refr=http%3A%2F%2Fr.test%2F'),
    ctx,
    deps(registry(map, log)),
  );
  expect(r.bad).toEqual([]);
  expect(log).toEqual(ENRICHMENT_SLOTS.map((s) => `${s}#0`));
  expect(seen).toEqual({
    iabPageHost: 'a.test',
    refrHost: 'r.test',
    query: 'news',
    vendorBeforeExtraction: null,
    vendorAfterExtraction: 'com.snowplowanalytics.snowplow',
  });
});

test('each step prepends its contexts: derived_contexts end in reverse execution order, validation_info last', async () => {
  const log: string[] = [];
  const reg = registry(
    {
      ua_parser: [() => ({ contexts: [derived(1), derived(2)] })],
      cookie_extractor: [() => ({ contexts: [derived(3)] })],
      ip_lookups: [() => ({ contexts: [derived(4)] })],
      javascript_script: [() => ({ contexts: [derived(5)] }), () => ({ contexts: [derived(6)] })],
    },
    log,
  );
  const co = encodeURIComponent(
    JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1', data: [{ schema: 'iglu:com.acme/old/jsonschema/1-0-0', data: {} }] }),
  );
  const r = await enrichPayload(record(`e=pv&p=web&co=${co}`), ctx, deps(reg));
  const d = JSON.parse(col(r.good[0]!.tsv, 'derived_contexts') as string) as { data: Array<{ schema: string; data: { n?: number } }> };
  expect(d.data.map((e) => e.data.n ?? e.schema)).toEqual([6, 5, 4, 3, 1, 2, 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0']);
});

test('enrichment failures (returned or thrown) make an enrichment_failures bad row', async () => {
  const reg = registry(
    {
      currency_conversion: [
        () => ({ failures: [{ enrichment: { schemaKey: 'iglu:x/y/jsonschema/1-0-0', identifier: 'currency-conversion' }, message: { error: 'no rate' } }] }),
      ],
      weather: [
        () => {
          throw new Error('boom');
        },
      ],
    },
    [],
  );
  const r = await enrichPayload(record('e=pv&p=web'), ctx, deps(reg));
  expect(r.good).toEqual([]);
  const row = JSON.parse(r.bad[0]!.json) as { schema: string; data: { failure: { messages: unknown[] } } };
  expect(row.schema).toBe('iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1');
  expect(row.data.failure.messages).toEqual([
    { enrichment: { schemaKey: 'iglu:x/y/jsonschema/1-0-0', identifier: 'currency-conversion' }, message: { error: 'no rate' } },
    { enrichment: null, message: { error: 'weather#0: boom' } },
  ]);
});

test('priority: phase-1 violations beat enrichment failures, which beat phase-3 violations', async () => {
  const failing = () => ({ failures: [{ enrichment: null, message: { error: 'x' } }], contexts: [derived(-1), { schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: {} }] });
  const reg = registry({ ua_parser: [failing] }, []);
  const phase1 = await enrichPayload(record('e=pv&p=web&vid=x'), ctx, deps(reg));
  expect(JSON.parse(phase1.bad[0]!.json).schema).toContain('/schema_violations/');
  expect(JSON.stringify(JSON.parse(phase1.bad[0]!.json).data.failure.messages)).toContain('vid');
  const enrichmentFailure = await enrichPayload(record('e=pv&p=web&aid=' + 'a'.repeat(300)), ctx, deps(reg));
  expect(JSON.parse(enrichmentFailure.bad[0]!.json).schema).toContain('/enrichment_failures/');
  const phase3 = await enrichPayload(record('e=pv&p=web&aid=' + 'a'.repeat(300)), ctx, deps(registry({ ua_parser: [() => ({ contexts: [{ schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: {} }] })] }, [])));
  const row = JSON.parse(phase3.bad[0]!.json) as { schema: string; data: { failure: { messages: Array<{ schemaKey: string }> } } };
  expect(row.schema).toContain('/schema_violations/');
  // Both phase-3 problems are reported: the invalid derived context and the over-long app_id.
  expect(row.data.failure.messages.map((m) => m.schemaKey)).toEqual([
    'iglu:com.acme/derived/jsonschema/1-0-0',
    'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0',
  ]);
});

test('contexts replaced by the JavaScript enrichment are re-validated; invalid entities are dropped with a violation', async () => {
  const reg = registry(
    {
      javascript_script: [
        (i) => {
          i.event.contexts = [derived(1), { schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: { n: 'x' } }];
          return undefined;
        },
      ],
    },
    [],
  );
  const r = await enrichPayload(record('e=pv&p=web'), ctx, deps(reg));
  expect(r.good).toEqual([]);
  expect(r.bad[0]!.json).toContain('"schemaKey":"iglu:com.acme/derived/jsonschema/1-0-0"');
});

test('a drop from the JavaScript enrichment is counted, not output', async () => {
  const r = await enrichPayload(record('e=pv&p=web'), ctx, deps(registry({ javascript_script: [() => ({ drop: true })] }, [])));
  expect(r).toEqual({ good: [], bad: [], dropped: 1 });
});

test('a bad _sp timestamp is an enrichment failure only without a cross_navigation enrichment', async () => {
  const url = encodeURIComponent('http://a.test/?_sp=duid.notatime');
  const without = await enrichPayload(record(`e=pv&p=web&url=${url}`), ctx, deps(registry({}, [])));
  expect(JSON.parse(without.bad[0]!.json).data.failure.messages[0].message.field).toBe('refr_dvce_tstamp');
  const withNav = await enrichPayload(record(`e=pv&p=web&url=${url}`), ctx, deps(registry({ cross_navigation: [() => undefined] }, [])));
  expect(col(withNav.good[0]!.tsv, 'refr_domain_userid')).toBe('duid');
});

test('v_etl is sleet-<version> of the processor and event_id a random UUID v4 without eid', async () => {
  const r = await enrichPayload(record('e=pv&p=web'), ctx, { ...deps(registry({}, [])), uuid: undefined });
  expect(col(r.good[0]!.tsv, 'v_etl')).toBe('sleet-0.1.0');
  expect(col(r.good[0]!.tsv, 'event_id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('entities replaced after the JavaScript step (PII hashing) are not re-validated', async () => {
  // Regression (e2e): PII replaced a format:email value with its hash and the event became a schema violation.
  const reg = registry(
    {
      pii: [
        (i) => {
          i.event.contexts = [{ schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: { n: 'e3b0c44298fc1c149afbf4c8996fb924' } }];
          return undefined;
        },
      ],
    },
    [],
  );
  const r = await enrichPayload(record('e=pv&p=web'), ctx, deps(reg));
  expect(r.bad).toEqual([]);
  expect(col(r.good[0]!.tsv, 'contexts')).toContain('e3b0c44298fc1c149afbf4c8996fb924');
});

test('an event id is generated only for events without a valid eid, once per event', async () => {
  const drawn: string[] = [];
  const uuid = () => {
    const id = `00000000-0000-4000-8000-${String(drawn.length + 1).padStart(12, '0')}`;
    drawn.push(id);
    return id;
  };
  const EID = 'C9D0CAE4-5A5E-4C4B-9D6F-0B8D8A3B2F1E';
  const d = { ...deps(registry({}, [])), uuid };
  const run = (qs: string) => enrichPayload(record(qs), ctx, d);
  const withEid = await run(`e=pv&p=web&eid=${EID}`);
  expect(drawn).toHaveLength(0);
  expect(col(withEid.good[0]!.tsv, 'event_id')).toBe(EID.toLowerCase());
  const without = await run('e=pv&p=web');
  expect(drawn).toHaveLength(1);
  expect(col(without.good[0]!.tsv, 'event_id')).toBe(drawn[0]);
  // An invalid eid is a schema violation whose partially enriched event carries a generated id.
  const invalid = await run('e=pv&p=web&eid=not-a-uuid');
  expect(drawn).toHaveLength(2);
  expect(invalid.good).toEqual([]);
  expect(invalid.bad[0]!.json).toContain(`"event_id":"${drawn[1]}"`);
});
