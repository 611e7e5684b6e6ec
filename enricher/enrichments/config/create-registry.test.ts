import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../common/logger';
import type { IgluValidation, IgluValidator } from '../../iglu/types';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from '../enrichment';
import { ipLookupsFactory } from '../ip-lookups';
import { TEST_GEO_DATABASES, writeTestGeoDatabases } from '../testing/geo-databases';
import { testInput } from '../testing/enrichment-input';
import { writeMmdb } from '../testing/mmdb-writer';
import { createEnrichmentRegistry, EnrichmentConfigErrors, EnrichmentRegistryOptions } from './create-registry';

const closed: string[] = [];
/** A narrow factory for framework tests: an enrichment that records its parameters and its close. */
const scriptFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: 'javascript_script_config',
  model: 1,
  async create(parameters, ctx): Promise<Enrichment> {
    const id = String((parameters as { id?: unknown })?.id);
    if (id === 'fail') throw new EnrichmentConfigError(ctx.file, 'javascript_script_config', 'script does not compile');
    return {
      slot: 'javascript_script',
      name: `script-${id}`,
      enrich: () => undefined,
      close: () => {
        closed.push(id);
      },
    };
  },
};
const FACTORIES = [ipLookupsFactory, scriptFactory];

const selfDescribing = (name: string, version: string, data: Record<string, unknown>, vendor = 'com.snowplowanalytics.snowplow') => ({
  schema: `iglu:${vendor}/${name}/jsonschema/${version}`,
  data: { vendor, name, ...data },
});

let work: string;
let geoDir: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sleet-registry-'));
  geoDir = join(work, 'geo');
  mkdirSync(geoDir);
  writeTestGeoDatabases(geoDir);
  closed.length = 0;
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const options = (extra: Partial<EnrichmentRegistryOptions> = {}): EnrichmentRegistryOptions => ({
  log: silentLogger(),
  factories: FACTORIES,
  cacheDir: join(work, 'cache'),
  ...extra,
});

const ipLookupsConfig = (enabled = true) =>
  selfDescribing('ip_lookups', '2-0-1', { enabled, parameters: { geo: { uri: geoDir, database: 'GeoIP2-City.mmdb' } } });

async function errorOf(p: Promise<unknown>): Promise<EnrichmentConfigErrors> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EnrichmentConfigErrors);
  return e as EnrichmentConfigErrors;
}

describe('createEnrichmentRegistry', () => {
  it('loads a directory of self-describing config files, skipping enabled:false', async () => {
    const dir = join(work, 'enrichments');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ip_lookups.json'), JSON.stringify(ipLookupsConfig()));
    // Disabled configs are skipped before anything else is checked, even unsupported or unknown ones.
    writeFileSync(join(dir, 'weather.json'), JSON.stringify(selfDescribing('weather_enrichment_config', '1-0-0', { enabled: false }, 'com.snowplowanalytics.snowplow.enrichments')));
    writeFileSync(join(dir, 'README.md'), 'not a config');
    const registry = await createEnrichmentRegistry({ path: dir }, options());
    expect(registry.all.map((e) => e.name)).toEqual(['ip_lookups']);
    expect(registry.at('ip_lookups')).toHaveLength(1);
    expect(registry.at('ua_parser')).toEqual([]);
    const input = testInput({ fields: { user_ipaddress: '192.0.2.9' } });
    registry.at('ip_lookups')[0].enrich(input);
    expect(input.event.geo_city).toBe('Bracknell');
    await registry.close();
  });

  it('loads one file with the enrichments/jsonschema/1-0-0 wrapper, keeping config order within a slot', async () => {
    const file = join(work, 'enrichments.json');
    writeFileSync(
      file,
      JSON.stringify({
        schema: 'iglu:com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0',
        data: [
          selfDescribing('javascript_script_config', '1-0-1', { enabled: true, parameters: { id: 'b' } }),
          ipLookupsConfig(),
          selfDescribing('javascript_script_config', '1-0-0', { enabled: true, parameters: { id: 'a' } }),
        ],
      }),
    );
    const registry = await createEnrichmentRegistry({ path: file }, options());
    expect(registry.at('javascript_script').map((e) => e.name)).toEqual(['script-b', 'script-a']);
    expect(registry.at('ip_lookups')).toHaveLength(1);
    await registry.close();
    expect(closed.sort()).toEqual(['a', 'b']);
  });

  it('accepts already-parsed JSON', async () => {
    const registry = await createEnrichmentRegistry({ json: [ipLookupsConfig()] }, options());
    expect(registry.all).toHaveLength(1);
    await registry.close();
  });

  it('stops start-up listing every bad, unknown or unsupported config with its file and enrichment', async () => {
    const dir = join(work, 'enrichments');
    mkdirSync(dir);
    const write = (name: string, value: unknown) => writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    write('a-broken.json', '{ "schema": ');
    write('b-not-sd.json', { vendor: 'x' });
    write('c-unknown.json', selfDescribing('no_such_enrichment', '1-0-0', { enabled: true }));
    write('d-weather.json', selfDescribing('weather_enrichment_config', '1-0-0', { enabled: true, parameters: {} }, 'com.snowplowanalytics.snowplow.enrichments'));
    write('e-yauaa.json', selfDescribing('yauaa_enrichment_config', '1-0-0', { enabled: true }, 'com.snowplowanalytics.snowplow.enrichments'));
    write('f-old-model.json', selfDescribing('ip_lookups', '1-0-0', { enabled: true, parameters: {} }));
    write('g-revision.json', selfDescribing('ip_lookups', '2-1-0', { enabled: true, parameters: {} }));
    write('h-no-enabled.json', selfDescribing('ip_lookups', '2-0-0', { parameters: {} }));
    write('i-name.json', { schema: 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-0', data: { name: 'anon_ip', enabled: true } });
    write('j-vendor.json', selfDescribing('ip_lookups', '2-0-0', { enabled: true }, 'com.acme'));
    write('k-not-iglu.json', { schema: 'http://example.com/x', data: {} });
    write('l-ip.json', ipLookupsConfig());
    write('m-ip-again.json', ipLookupsConfig());
    write('n-currency.json', selfDescribing('currency_conversion_config', '1-0-0', { enabled: true }));
    const err = await errorOf(createEnrichmentRegistry({ path: dir }, options()));
    const messages = err.errors.map((e) => e.message);
    const expectOne = (pattern: RegExp) => expect(messages.filter((m) => pattern.test(m))).toHaveLength(1);
    expectOne(/a-broken\.json \(-\): not valid JSON/);
    expectOne(/b-not-sd\.json \(-\): not a self-describing JSON/);
    expectOne(/c-unknown\.json \(no_such_enrichment\): unknown enrichment com\.snowplowanalytics\.snowplow\/no_such_enrichment; known: ip_lookups, javascript_script_config/);
    expectOne(/d-weather\.json \(weather_enrichment_config\): not supported yet/);
    expectOne(/e-yauaa\.json \(yauaa_enrichment_config\): not supported yet/);
    expectOne(/n-currency\.json \(currency_conversion_config\): not supported yet/);
    expectOne(/f-old-model\.json \(ip_lookups\): schema version jsonschema\/1-0-0 is not accepted \(expected jsonschema\/2-0-\*\)/);
    expectOne(/g-revision\.json \(ip_lookups\): schema version jsonschema\/2-1-0 is not accepted/);
    expectOne(/h-no-enabled\.json \(ip_lookups\): data\.enabled must be true or false/);
    expectOne(/i-name\.json \(ip_lookups\): data\.name "anon_ip" does not match the schema name/);
    expectOne(/j-vendor\.json \(ip_lookups\): unknown schema vendor 'com\.acme'/);
    expectOne(/k-not-iglu\.json \(-\): schema "http:\/\/example\.com\/x" is not an Iglu URI/);
    expectOne(/m-ip-again\.json \(ip_lookups\): configured twice \(also in .*l-ip\.json\)/);
    expect(messages).toHaveLength(13);
    expect(err.message).toMatch(/^13 enrichment config problems:/);
  });

  it('names the wrapper entry that is wrong', async () => {
    const err = await errorOf(
      createEnrichmentRegistry(
        { json: { schema: 'iglu:com.snowplowanalytics.snowplow/enrichments/jsonschema/1-0-0', data: [ipLookupsConfig(), { schema: 'x' }] }, name: 'enrichments.json' },
        options(),
      ),
    );
    expect(err.message).toBe('enrichment config enrichments.json[1] (-): not a self-describing JSON: expected {"schema": "iglu:…", "data": …}');
  });

  it('reports a parameter problem from the factory, and a file it cannot load', async () => {
    const err = await errorOf(
      createEnrichmentRegistry(
        {
          json: [
            selfDescribing('ip_lookups', '2-0-0', { enabled: true, parameters: { geo: { uri: geoDir, database: 'absent.mmdb' } } }),
          ],
          name: 'ip.json',
        },
        options(),
      ),
    );
    expect(err.message).toMatch(/^enrichment config ip\.json\[0\] \(ip_lookups\): cannot load absent\.mmdb from .*\/geo: file not found: /);
    const remote = await errorOf(
      createEnrichmentRegistry(
        { json: [selfDescribing('ip_lookups', '2-0-0', { enabled: true, parameters: { geo: { uri: 'http://127.0.0.1:9/geo', database: 'GeoIP2-City.mmdb' } } })], name: 'ip.json' },
        options(),
      ),
    );
    expect(remote.message).toMatch(/^enrichment config ip\.json\[0\] \(ip_lookups\): cannot load GeoIP2-City\.mmdb from http:\/\/127\.0\.0\.1:9\/geo: /);
  });

  it('closes the enrichments already built when another one fails', async () => {
    const err = await errorOf(
      createEnrichmentRegistry(
        {
          json: [
            selfDescribing('javascript_script_config', '1-0-0', { enabled: true, parameters: { id: 'ok' } }),
            selfDescribing('javascript_script_config', '1-0-0', { enabled: true, parameters: { id: 'fail' } }),
          ],
        },
        options(),
      ),
    );
    expect(err.message).toMatch(/script does not compile/);
    expect(closed).toEqual(['ok']);
  });

  it('validates enabled configs against their Iglu schema when a validator is given', async () => {
    const seen: string[] = [];
    const iglu: IgluValidator = {
      async validate(schemaUri, data): Promise<IgluValidation> {
        seen.push(schemaUri);
        if ((data as { parameters?: { id?: string } }).parameters?.id === 'bad') {
          return {
            ok: false,
            error: { error: 'ValidationError', dataReports: [{ message: 'must have required property script', path: '$.parameters', keyword: 'required', targets: ['script'] }] },
          };
        }
        if (schemaUri.endsWith('1-0-9')) {
          return { ok: false, error: { error: 'ResolutionError', lookupHistory: [] } };
        }
        return { ok: true };
      },
      validateCached: () => undefined,
      lookupSchema: async () => null,
    };
    const err = await errorOf(
      createEnrichmentRegistry(
        {
          json: [
            ipLookupsConfig(),
            selfDescribing('javascript_script_config', '1-0-0', { enabled: true, parameters: { id: 'bad' } }),
            selfDescribing('javascript_script_config', '1-0-9', { enabled: true, parameters: { id: 'x' } }),
            selfDescribing('javascript_script_config', '1-0-0', { enabled: false, parameters: { id: 'bad' } }),
          ],
          name: 'all.json',
        },
        options({ iglu }),
      ),
    );
    expect(err.errors.map((e) => e.message)).toEqual([
      'enrichment config all.json[1] (javascript_script_config): does not validate against iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0: $.parameters: must have required property script',
      'enrichment config all.json[2] (javascript_script_config): schema iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-9 was not found in any Iglu repository',
    ]);
    expect(seen).toHaveLength(3);
  });

  it('swaps a refreshed MaxMind database downloaded over http without a restart', async () => {
    let city = writeMmdb(TEST_GEO_DATABASES['GeoIP2-City.mmdb']);
    const server = createServer((req, res) => {
      if (req.url === '/geo/GeoIP2-City.mmdb') res.writeHead(200).end(city);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/geo`;
    try {
      const registry = await createEnrichmentRegistry(
        { json: [selfDescribing('ip_lookups', '2-0-1', { enabled: true, parameters: { geo: { uri, database: 'GeoIP2-City.mmdb' } } })] },
        options({ refreshIntervalSecs: 3600 }),
      );
      const cityOf = () => {
        const input = testInput({ fields: { user_ipaddress: '192.0.2.9' } });
        registry.at('ip_lookups')[0].enrich(input);
        return input.event.geo_city;
      };
      expect(cityOf()).toBe('Bracknell');
      city = writeMmdb({ databaseType: 'GeoIP2-City', networks: { '192.0.2.0/24': { city: { names: { en: 'Reading' } } } } });
      await registry.refreshFiles();
      expect(cityOf()).toBe('Reading');
      // A corrupt download is refused: the enrichment keeps its working database.
      city = Buffer.from('corrupt');
      await registry.refreshFiles();
      expect(cityOf()).toBe('Reading');
      await registry.close();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
