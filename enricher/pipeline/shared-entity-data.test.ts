/**
 * Shared (frozen) entity data through the real pipeline: ua_parser hands every event with the same user agent the
 * same data object, PII hashes a field of it in derived_contexts, and the next event with that user agent must be
 * hashed from the original value again (PII works on a copy; the shared object is never rewritten). The TSV writer's
 * cached text of the shared object must equal a fresh serialisation.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import { silentLogger } from '../../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import { enrichPayload } from '../enrich-payload';
import { createEnrichmentRegistry } from '../enrichments/config';
import { ALL_FACTORIES } from '../enrichments/factories';
import type { IgluValidator } from '../iglu/types';
import { stringifyJson } from '../mapping/json';
import { isSharedEntityData, shareEntityData, sharedJsonText } from '../model/shared-entity-data';

const ACCEPT_ALL: IgluValidator = {
  validate: async () => ({ ok: true }),
  validateCached: () => ({ ok: true }),
  lookupSchema: async () => ({}),
};
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SALT = 'shared-salt';
const sha256 = (v: string) => createHash('sha256').update(v + SALT, 'utf8').digest('hex');

describe('shared entity data', () => {
  it('is frozen deeply, refuses non-JSON objects, and serialises as stringifyJson does', () => {
    const data = shareEntityData({ a: 'x', n: 1.5, nested: { list: [1, 'two', null] }, t: true });
    expect(isSharedEntityData(data)).toBe(true);
    expect(isSharedEntityData({ ...data })).toBe(false);
    expect(Object.isFrozen(data.nested.list)).toBe(true);
    expect(sharedJsonText(data)).toBe(stringifyJson({ a: 'x', n: 1.5, nested: { list: [1, 'two', null] }, t: true }));
    expect(sharedJsonText(data)).toBe(sharedJsonText(data));
    expect(() => shareEntityData({ when: new Date(0) })).toThrow(/plain JSON/);
  });

  it('is never rewritten by PII: every event with the same user agent is hashed from the original value', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sleet-shared-data-'));
    const registry = await createEnrichmentRegistry(
      {
        json: {
          schema: 'iglu:com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0',
          data: [
            { schema: 'iglu:com.snowplowanalytics.snowplow/ua_parser_config/jsonschema/1-0-0', data: { vendor: 'com.snowplowanalytics.snowplow', name: 'ua_parser_config', enabled: true, parameters: {} } },
            {
              schema: 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-1',
              data: {
                vendor: 'com.snowplowanalytics.snowplow.enrichments',
                name: 'pii_enrichment_config',
                enabled: true,
                parameters: {
                  pii: [{ json: { field: 'derived_contexts', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-*-*', jsonPath: '$.useragentFamily' } }],
                  strategy: { pseudonymize: { hashFunction: 'SHA-256', salt: SALT } },
                },
              },
            },
          ],
        },
        name: 'shared-entity-data test',
      },
      { log: silentLogger(), factories: ALL_FACTORIES, cacheDir },
    );
    try {
      const families: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const record = encodeCollectorPayload({
          schema: COLLECTOR_PAYLOAD_SCHEMA,
          ipAddress: '192.0.2.1',
          timestamp: 1_700_000_000_000 + i,
          encoding: 'UTF-8',
          collector: 'ssc-3.2.0-kinesis',
          path: '/i',
          userAgent: UA,
          querystring: `e=pv&p=web&tv=js-4.0.0&aid=shop&eid=00000000-0000-4000-8000-00000000000${i}`,
        });
        const r = await enrichPayload(record, { etlTimestamp: 1_700_000_001_000, arrivalTimestamp: 1_700_000_001_000 }, {
          iglu: ACCEPT_ALL,
          enrichments: registry,
          processor: { artifact: 'sleet', version: '0.0.0' },
          maxRecordBytes: 1_000_000,
        });
        expect(r.bad).toEqual([]);
        const cells = (r.good[0]?.tsv ?? '').split('\t');
        const derived = JSON.parse(cells[ENRICHED_FIELD_NAMES.indexOf('derived_contexts')] as string) as { data: Array<{ data: Record<string, unknown> }> };
        expect(derived.data[0]?.data.osFamily).toBe('Mac OS X');
        families.push(derived.data[0]?.data.useragentFamily);
      }
      expect(families).toEqual([sha256('Chrome'), sha256('Chrome'), sha256('Chrome')]);
    } finally {
      await registry.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
