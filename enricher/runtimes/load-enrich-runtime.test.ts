/**
 * Enrichment files referenced by configs are refreshed by the runtime on `enrichmentFilesRefreshSecs` and swapped in
 * without a restart (issue 4, "refreshed on a configured interval without a restart").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../common/thrift';
import { ENRICHED_FIELD_INDEX } from '../../common/enriched-fields';
import { writeMmdb } from '../enrichments/testing/mmdb-writer';
import { loadEnrichRuntime } from './load-enrich-runtime';

const cityDb = (country: string) =>
  writeMmdb({ databaseType: 'GeoIP2-City', networks: { '192.0.2.0/24': { country: { iso_code: country, names: { en: country } } } } });

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sleet-runtime-refresh-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

test('a replaced MaxMind database is picked up on the refresh interval', async () => {
  const geo = join(work, 'geo');
  const enrichments = join(work, 'enrichments');
  mkdirSync(geo);
  mkdirSync(enrichments);
  writeFileSync(join(geo, 'GeoIP2-City.mmdb'), cityDb('GB'));
  writeFileSync(
    join(enrichments, 'ip_lookups.json'),
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-0',
      data: { vendor: 'com.snowplowanalytics.snowplow', name: 'ip_lookups', enabled: true, parameters: { geo: { uri: geo, database: 'GeoIP2-City.mmdb' } } },
    }),
  );
  const runtime = await loadEnrichRuntime(
    { resolverConfigFile: null, enrichmentsDir: enrichments, enrichmentCacheDir: join(work, 'cache'), enrichmentFilesRefreshSecs: 1, maxRecordBytes: 1_000_000 },
    { log: silentLogger(), validateEnrichmentConfigs: false },
  );
  try {
    const record = encodeCollectorPayload({
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: '192.0.2.10',
      timestamp: 1_700_000_000_000,
      encoding: 'UTF-8',
      collector: 'test',
      path: '/i',
      querystring: 'e=pv&p=web',
    });
    const country = async () => {
      const r = await runtime.enrich(record, { etlTimestamp: 1_700_000_000_000, arrivalTimestamp: 1_700_000_000_000 });
      return r.good[0]!.tsv.split('\t')[ENRICHED_FIELD_INDEX.geo_country];
    };
    expect(await country()).toBe('GB');
    writeFileSync(join(geo, 'GeoIP2-City.mmdb'), cityDb('FR'));
    const deadline = Date.now() + 10_000; // refresh every 1 s; generous for a loaded machine
    while ((await country()) !== 'FR' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await country()).toBe('FR');
  } finally {
    await runtime.close();
  }
}, 20_000);
