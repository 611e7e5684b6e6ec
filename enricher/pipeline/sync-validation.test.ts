import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import type { EnrichDeps, EnrichResult } from '../api';
import { enrichRecord } from '../enrich-payload';
import type { EnrichmentRegistry } from '../enrichments/enrichment';
import type { IgluValidation, IgluValidator } from '../iglu/types';
import { TestIglu } from '../test/test-iglu';
import { SchemaNotCached, UnitValidator } from './sync-validation';

const SP = 'iglu:com.snowplowanalytics.snowplow';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * A tp2 POST of three events with an unstruct event and contexts (good; bad event id; a context without schema)
 * and a tp1 page view.
 */
function records(): Uint8Array[] {
  const events = [0, 1, 2].map((k) => ({
    e: 'ue',
    p: 'web',
    tv: 'js-4',
    eid: k === 1 ? 'not-a-uuid' : undefined,
    ue_px: b64({
      schema: `${SP}/unstruct_event/jsonschema/1-0-0`,
      data: { schema: 'iglu:com.acme/link_click/jsonschema/1-0-0', data: { targetUrl: `https://a.test/${k}` } },
    }),
    cx: b64({
      schema: `${SP}/contexts/jsonschema/1-0-0`,
      data: [
        { schema: `${SP}/web_page/jsonschema/1-0-0`, data: { id: k === 2 ? 42 : '4b5c6d7e-0000-4000-8000-000000000000' } },
        ...(k === 2 ? [{ schema: 'iglu:com.acme/unknown/jsonschema/1-0-0', data: {} }] : []),
      ],
    }),
  }));
  const base = { schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '192.0.2.1', timestamp: 1700000000000, encoding: 'UTF-8', collector: 'c' };
  return [
    encodeCollectorPayload({
      ...base,
      path: '/com.snowplowanalytics.snowplow/tp2',
      contentType: 'application/json',
      body: JSON.stringify({ schema: `${SP}/payload_data/jsonschema/1-0-4`, data: events.map((e) => JSON.parse(JSON.stringify(e))) }),
    }),
    encodeCollectorPayload({ ...base, path: '/i', querystring: 'e=pv&p=web&tv=js-4&url=https%3A%2F%2Fa.test%2F' }),
  ];
}

/** Counts enrichment calls; adds a derived context (validated in phase 3), on the 4th call also one without schema. */
function countingRegistry(calls: { n: number }): EnrichmentRegistry {
  return {
    at: (slot) =>
      slot === 'ua_parser'
        ? [
            {
              slot,
              name: 'counting',
              enrich: () => {
                calls.n++;
                return {
                  contexts: [
                    { schema: 'iglu:com.acme/derived/jsonschema/1-0-0', data: { n: calls.n } },
                    ...(calls.n === 4 ? [{ schema: 'iglu:com.acme/missing/jsonschema/1-0-0', data: {} }] : []),
                  ],
                };
              },
            },
          ]
        : [],
    close: async () => undefined,
  };
}

async function runAll(iglu: IgluValidator): Promise<{ results: EnrichResult[]; uuids: number; enrichments: number; sync: boolean[] }> {
  let uuids = 0;
  const calls = { n: 0 };
  const deps: EnrichDeps = {
    iglu,
    enrichments: countingRegistry(calls),
    processor: { artifact: 'sleet', version: '0.1.0' },
    maxRecordBytes: 1_000_000,
    clock: () => 1,
    uuid: () => `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}`,
  };
  const results: EnrichResult[] = [];
  const sync: boolean[] = [];
  for (const r of records()) {
    const res = enrichRecord(r, { etlTimestamp: 1700000000000, arrivalTimestamp: 1700000000000 }, deps);
    sync.push(!(res instanceof Promise));
    results.push(await res);
  }
  return { results, uuids, enrichments: calls.n, sync };
}

test('every lookup missing the cache gives the same output as all cached, with one uuid and one enrichment run per event', async () => {
  const cached = await runAll(new TestIglu());
  const uncached = await runAll(new TestIglu({ asyncOnly: true }));
  expect(cached.sync).toEqual([true, true]);
  expect(uncached.sync).toEqual([false, false]);
  expect(uncached.results).toEqual(cached.results);
  expect(cached.uuids).toBe(4);
  expect(uncached.uuids).toBe(4);
  expect(cached.enrichments).toBe(4);
  expect(uncached.enrichments).toBe(4);
  // The fixture exercises a good row, phase-1 schema violations and a phase-3 one (derived context without schema).
  expect(cached.results.flatMap((r) => r.good)).toHaveLength(1);
  expect(cached.results.flatMap((r) => r.bad).map((b) => b.schema.split('/')[1])).toEqual(['schema_violations', 'schema_violations', 'schema_violations']);
  expect(cached.results[1]?.bad[0]?.json).toContain('com.acme/missing');
});

test('UnitValidator replays an awaited answer only for the same request position and schema', async () => {
  const answer: IgluValidation = { ok: false, error: { error: 'ValidationError', schemaIssues: [{ path: '$', message: 'x' }] } };
  let awaited = 0;
  const never: IgluValidator = {
    validate: async () => {
      awaited++;
      return answer;
    },
    validateCached: () => undefined,
    lookupSchema: async () => ({}),
  };
  const unit = new UnitValidator(never);
  unit.startAttempt();
  let miss: unknown;
  try {
    unit.validate('iglu:a/b/jsonschema/1-0-0', {});
  } catch (e) {
    miss = e;
  }
  expect(miss).toBeInstanceOf(SchemaNotCached);
  await unit.fetch(miss as SchemaNotCached);
  expect(awaited).toBe(1);
  unit.startAttempt();
  expect(unit.validate('iglu:a/b/jsonschema/1-0-0', {})).toBe(answer);
  expect(() => unit.validate('iglu:a/b/jsonschema/1-0-0', {})).toThrow(SchemaNotCached);
  unit.startAttempt();
  expect(() => unit.validate('iglu:a/c/jsonschema/1-0-0', {})).toThrow(SchemaNotCached);
  unit.unitDone();
  unit.startAttempt();
  expect(() => unit.validate('iglu:a/b/jsonschema/1-0-0', {})).toThrow(SchemaNotCached);
});
