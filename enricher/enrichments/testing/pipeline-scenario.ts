/**
 * One scenario shared by enrichment-pipeline.test.ts (unit tier, an Iglu validator accepting every schema) and
 * enrichment-pipeline.compat.test.ts (real Iglu Central schemas): several enrichments configured from a directory of
 * Snowplow-format config files, run by the real pipeline (enrichPayload); checks the atomic fields and that
 * derived_contexts come out in reverse execution order (spec/enrich.md §4.0).
 */
import { expect } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENRICHED_FIELD_NAMES } from '../../../common/enriched-fields';
import { silentLogger } from '../../../common/logger';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../../../common/thrift';
import { SLEET_VERSION } from '../../../common/version';
import { enrichPayload } from '../../enrich-payload';
import type { IgluValidator } from '../../iglu/types';
import { createEnrichmentRegistry } from '../config';
import { ALL_FACTORIES } from '../factories';
import { writeTestGeoDatabases } from './geo-databases';

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export const sd = (vendor: string, name: string, version: string, parameters?: unknown) => ({
  schema: `iglu:${vendor}/${name}/jsonschema/${version}`,
  data: { vendor, name, enabled: true, ...(parameters === undefined ? {} : { parameters }) },
});
export const SP = 'com.snowplowanalytics.snowplow';
const SPE = 'com.snowplowanalytics.snowplow.enrichments';

/** Writes the test files and the enrichment config directory; returns the work directory. */
export function writePipelineScenario(): string {
  const work = mkdtempSync(join(tmpdir(), 'sleet-enrichment-pipeline-'));
  const files = join(work, 'files');
  mkdirSync(files);
  writeTestGeoDatabases(files);
  writeFileSync(join(files, 'ip_exclude_current_cidr.txt'), '198.51.100.0/24\n');
  writeFileSync(join(files, 'exclude_current.txt'), 'googlebot|1||0|0|0\n');
  writeFileSync(join(files, 'include_current.txt'), 'mozilla|1|0\n');
  const dir = join(work, 'enrichments');
  mkdirSync(dir);
  const configs: Record<string, unknown> = {
    'iab.json': sd(SPE, 'iab_spiders_and_robots_enrichment', '1-0-0', {
      ipFile: { database: 'ip_exclude_current_cidr.txt', uri: `file://${files}` },
      excludeUseragentFile: { database: 'exclude_current.txt', uri: `file://${files}` },
      includeUseragentFile: { database: 'include_current.txt', uri: `file://${files}` },
    }),
    'ua_parser.json': sd(SP, 'ua_parser_config', '1-0-0', {}),
    'user_agent_utils.json': sd(SP, 'user_agent_utils_config', '1-0-0', {}),
    'ip_lookups.json': sd(SP, 'ip_lookups', '2-0-1', {
      geo: { database: 'GeoIP2-City.mmdb', uri: `file://${files}` },
      isp: { database: 'GeoIP2-ISP.mmdb', uri: `file://${files}` },
      asn: { database: 'GeoLite2-ASN.mmdb', uri: `file://${files}` },
    }),
    'anon_ip.json': sd(SP, 'anon_ip', '1-0-1', { anonOctets: 1, anonSegments: 2 }),
    'sleet_ua.json': sd('dev.sleet', 'user_agent_context_config', '1-0-0', {}),
    'sleet_bots.json': sd('dev.sleet', 'bot_detection_config', '1-0-0', {}),
    'weather.json': { ...sd(SPE, 'weather_enrichment_config', '1-0-0', {}), data: { ...sd(SPE, 'weather_enrichment_config', '1-0-0').data, enabled: false } },
  };
  for (const [name, config] of Object.entries(configs)) writeFileSync(join(dir, name), JSON.stringify(config, null, 2));
  return work;
}

/** Runs one page view through the configured enrichments and asserts the fields and the derived contexts. */
export async function runPipelineScenario(work: string, iglu: IgluValidator): Promise<void> {
  const registry = await createEnrichmentRegistry({ path: join(work, 'enrichments') }, { log: silentLogger(), factories: ALL_FACTORIES, cacheDir: join(work, 'cache') });
  try {
    const record = encodeCollectorPayload({
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: '192.0.2.55',
      timestamp: 1_700_000_000_123,
      encoding: 'UTF-8',
      collector: 'ssc-3.2.0-kinesis',
      path: '/i',
      userAgent: UA,
      querystring: 'e=pv&p=web&tv=js-4.0.0&aid=shop&url=https%3A%2F%2Fshop.example.com%2F',
      headers: [`User-Agent: ${UA}`, 'Sec-CH-UA-Platform: "Windows"', 'Sec-CH-UA-Platform-Version: "15.0.0"'],
    });
    const result = await enrichPayload(record, { etlTimestamp: 1_700_000_001_000, arrivalTimestamp: 1_700_000_002_000 }, {
      iglu,
      enrichments: registry,
      processor: { artifact: 'sleet', version: SLEET_VERSION },
      maxRecordBytes: 1_000_000,
    });
    expect(result.bad.map((b) => b.json)).toEqual([]);
    expect(result.good).toHaveLength(1);
    const cells = result.good[0].tsv.split('\t');
    const f = (name: string) => cells[ENRICHED_FIELD_NAMES.indexOf(name as (typeof ENRICHED_FIELD_NAMES)[number])];
    expect([f('geo_country'), f('geo_city'), f('geo_latitude'), f('geo_longitude'), f('ip_isp')]).toEqual(['GB', 'Bracknell', '51.4036', '-0.7618', 'Test Internet']);
    expect([f('br_name'), f('br_family'), f('os_name'), f('dvce_type'), f('dvce_ismobile')]).toEqual(['Chrome', 'Chrome', 'Windows 10', 'Computer', '0']);
    // anon_ip ran after ip_lookups and IAB, which saw the full address.
    expect(f('user_ipaddress')).toBe('192.0.2.x');
    const derived = JSON.parse(f('derived_contexts')) as { schema: string; data: Array<{ schema: string; data: Record<string, unknown> }> };
    expect(derived.schema).toBe('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1');
    expect(derived.data.map((c) => c.schema)).toEqual([
      'iglu:dev.sleet/bot_detection_context/jsonschema/1-0-0',
      'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1',
      'iglu:dev.sleet/user_agent_context/jsonschema/1-0-0',
      'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0',
      'iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0',
    ]);
    expect(derived.data[0].data).toEqual({ isBot: false, matchedPattern: null });
    expect(derived.data[1].data).toEqual({ number: 64496, organization: 'Example AS' });
    expect(derived.data[2].data).toMatchObject({ browserName: 'Chrome', osName: 'Windows', osVersion: '11', clientHintsUsed: true });
    expect(derived.data[3].data).toMatchObject({ useragentFamily: 'Chrome', osFamily: 'Windows' });
    expect(derived.data[4].data).toEqual({ spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE' });
  } finally {
    await registry.close();
  }
}
