import { isSharedEntityData } from '../model/shared-entity-data';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnrichmentConfigError } from './enrichment';
import { ASN_CONTEXT_SCHEMA, IP_LOOKUP_FIELDS, ipLookupsFactory } from './ip-lookups';
import { TEST_GEO_DATABASES, writeTestGeoDatabases } from './testing/geo-databases';
import { testFactoryContext, testInput } from './testing/enrichment-input';
import { writeMmdb } from './testing/mmdb-writer';

const GEO_FIELDS = IP_LOOKUP_FIELDS;

let dir: string;
beforeAll(() => {
  dir = writeTestGeoDatabases(mkdtempSync(join(tmpdir(), 'sleet-geo-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL_DATABASES = () => ({
  geo: { uri: dir, database: 'GeoIP2-City.mmdb' },
  isp: { uri: dir, database: 'GeoIP2-ISP.mmdb' },
  domain: { uri: dir, database: 'GeoIP2-Domain.mmdb' },
  connectionType: { uri: dir, database: 'GeoIP2-Connection-Type.mmdb' },
  asn: { uri: dir, database: 'GeoLite2-ASN.mmdb' },
});

async function run(ip: string | null, parameters: unknown = ALL_DATABASES()) {
  const enrichment = await ipLookupsFactory.create(parameters, testFactoryContext().ctx, 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-1');
  const input = testInput({ fields: { user_ipaddress: ip } });
  const result = enrichment.enrich(input);
  const fields = Object.fromEntries(GEO_FIELDS.map((f) => [f, input.event[f]]));
  return { fields, contexts: result?.contexts ?? [] };
}

describe('ip_lookups', () => {
  it('fills every geo_* and ip_* field and the ASN context for an IPv4 address', async () => {
    const { fields, contexts } = await run('192.0.2.55');
    expect(fields).toEqual({
      geo_country: 'GB',
      geo_region: 'BRC',
      geo_city: 'Bracknell',
      geo_zipcode: 'RG12',
      geo_latitude: '51.4036',
      geo_longitude: '-0.7618',
      geo_region_name: 'Bracknell Forest',
      geo_timezone: 'Europe/London',
      ip_isp: 'Test Internet',
      ip_organization: 'Test Org Ltd',
      ip_domain: 'example.net',
      ip_netspeed: 'Cable/DSL',
    });
    expect(contexts).toEqual([{ schema: ASN_CONTEXT_SCHEMA, data: { number: 64496, organization: 'Example AS' } }]);
    expect(JSON.stringify(contexts[0].data)).toBe('{"number":64496,"organization":"Example AS"}');
  });

  it('looks up IPv6 addresses; a missing ASN organisation is null', async () => {
    const { fields, contexts } = await run('2001:db8:85a3::8a2e:370:7334');
    expect(fields).toMatchObject({
      geo_country: 'JP',
      geo_city: null,
      geo_region: null,
      geo_latitude: '35.68536',
      geo_longitude: '139.7531', // float32 keeps ~7 digits: Java prints 139.7531 too
      geo_timezone: 'Asia/Tokyo',
      ip_isp: 'Test v6 ISP',
      ip_organization: null,
      ip_netspeed: 'Cellular',
    });
    expect(contexts).toEqual([{ schema: ASN_CONTEXT_SCHEMA, data: { number: 64497, organization: null } }]);
  });

  it('treats IPv4-mapped IPv6 as the IPv4 address', async () => {
    expect((await run('::ffff:192.0.2.55')).fields).toEqual((await run('192.0.2.55')).fields);
    expect((await run('::ffff:c000:237')).fields.geo_city).toBe('Bracknell');
  });

  it('writes 0.0 for latitude/longitude when the record has no location (as Snowplow)', async () => {
    const { fields } = await run('198.51.100.7');
    expect(fields).toMatchObject({ geo_country: 'US', geo_latitude: '0.0', geo_longitude: '0.0', geo_city: null, ip_isp: null });
  });

  it('prints latitude and longitude as Java float text', async () => {
    const { fields } = await run('203.0.113.9');
    expect(fields.geo_latitude).toBe('48.0');
    expect(fields.geo_longitude).toBe('2.3522');
  });

  it('never lets a tab or newline from the database into a TSV field', async () => {
    expect((await run('203.0.113.9')).fields.geo_city).toBe('Tab    City');
  });

  it.each([null, '', 'not-an-ip', '999.0.2.1', '8.8.8.8', '::1', 'x'.repeat(100_000), '192.0.2.1, 10.0.0.1'])(
    'leaves the fields empty for %p (unknown or invalid IP), without a failure',
    async (ip) => {
      const { fields, contexts } = await run(ip);
      expect(Object.values(fields).every((v) => v === null)).toBe(true);
      expect(contexts).toEqual([]);
    },
  );

  it('works with a single database configured', async () => {
    const { fields, contexts } = await run('192.0.2.55', { domain: { uri: dir, database: 'GeoIP2-Domain.mmdb' } });
    expect(fields.ip_domain).toBe('example.net');
    expect(fields.geo_country).toBeNull();
    expect(contexts).toEqual([]);
  });

  it('caches lookups: the same IP gives equal results on a new event', async () => {
    const enrichment = await ipLookupsFactory.create(ALL_DATABASES(), testFactoryContext().ctx, 'x');
    const a = testInput({ fields: { user_ipaddress: '192.0.2.1' } });
    const b = testInput({ fields: { user_ipaddress: '192.0.2.1' } });
    enrichment.enrich(a);
    const second = enrichment.enrich(b);
    expect(b.event.geo_city).toBe('Bracknell');
    expect(second?.contexts).toHaveLength(1);
  });

  it('caches by the address as received: spellings of one address, and repeated invalid ones, answer as uncached', async () => {
    const enrichment = await ipLookupsFactory.create(ALL_DATABASES(), testFactoryContext().ctx, 'x');
    const cityOf = (ip: string) => {
      const input = testInput({ fields: { user_ipaddress: ip } });
      const contexts = enrichment.enrich(input)?.contexts ?? [];
      return [input.event.geo_city, input.event.ip_domain, contexts.length];
    };
    for (let round = 0; round < 2; round++) {
      expect(cityOf('192.0.2.1')).toEqual(['Bracknell', 'example.net', 1]);
      expect(cityOf(' 192.0.2.1 ')).toEqual(['Bracknell', 'example.net', 1]);
      expect(cityOf('::ffff:192.0.2.1')).toEqual(['Bracknell', 'example.net', 1]);
      expect(cityOf('not-an-ip')).toEqual([null, null, 0]);
      expect(cityOf(` ${' '.repeat(200)}192.0.2.1`)).toEqual(['Bracknell', 'example.net', 1]);
    }
  });

  it('gives every event its own ASN entity around one shared, frozen data object per address', async () => {
    const enrichment = await ipLookupsFactory.create(ALL_DATABASES(), testFactoryContext().ctx, 'x');
    const [a, b] = [0, 1].map(() => enrichment.enrich(testInput({ fields: { user_ipaddress: '192.0.2.1' } }))?.contexts?.[0]);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a?.data).toBe(b?.data);
    expect(isSharedEntityData(a?.data)).toBe(true);
    expect(() => {
      (a?.data as Record<string, unknown>).number = 1;
    }).toThrow(TypeError);
  });

  it('swaps a refreshed database without a restart, and forgets cached lookups', async () => {
    const own = mkdtempSync(join(tmpdir(), 'sleet-geo-refresh-'));
    try {
      writeFileSync(join(own, 'GeoIP2-City.mmdb'), writeMmdb(TEST_GEO_DATABASES['GeoIP2-City.mmdb']));
      const { ctx, watchers } = testFactoryContext();
      const enrichment = await ipLookupsFactory.create({ geo: { uri: own, database: 'GeoIP2-City.mmdb' } }, ctx, 'x');
      const before = testInput({ fields: { user_ipaddress: '192.0.2.1' } });
      enrichment.enrich(before);
      expect(before.event.geo_city).toBe('Bracknell');
      writeFileSync(
        join(own, 'GeoIP2-City.mmdb'),
        writeMmdb({ databaseType: 'GeoIP2-City', networks: { '192.0.2.0/24': { city: { names: { en: 'Reading' } } } } }),
      );
      expect(watchers).toHaveLength(1);
      watchers[0].onChange(join(own, 'GeoIP2-City.mmdb'));
      const after = testInput({ fields: { user_ipaddress: '192.0.2.1' } });
      enrichment.enrich(after);
      expect(after.event.geo_city).toBe('Reading');
      // A corrupt replacement is refused (the reload throws) and the working reader stays.
      writeFileSync(join(own, 'GeoIP2-City.mmdb'), 'garbage');
      expect(() => watchers[0].onChange(join(own, 'GeoIP2-City.mmdb'))).toThrow(/not a readable MaxMind database/);
      const still = testInput({ fields: { user_ipaddress: '192.0.2.1' } });
      enrichment.enrich(still);
      expect(still.event.geo_city).toBe('Reading');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  describe('config errors', () => {
    const create = (parameters: unknown) => ipLookupsFactory.create(parameters, testFactoryContext().ctx, 'x');

    it('needs at least one database', async () => {
      await expect(create({})).rejects.toThrow(/test\.json \(ip_lookups\): no database configured/);
    });

    it('rejects unknown keys and incomplete file references, naming each', async () => {
      const err = await create({ geo: { uri: dir }, city: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnrichmentConfigError);
      expect((err as Error).message).toMatch(/unknown key 'city'/);
      expect((err as Error).message).toMatch(/parameters\.geo: missing required key 'database'/);
    });

    it('rejects a database path that escapes its directory', async () => {
      await expect(create({ geo: { uri: dir, database: '../etc/passwd' } })).rejects.toThrow(/parameters\.geo\.database/);
    });

    it('reports a missing file', async () => {
      await expect(create({ geo: { uri: dir, database: 'GeoLite2-City.mmdb' } })).rejects.toThrow(
        /geo database GeoLite2-City\.mmdb: not a readable MaxMind database/,
      );
    });

    it('reports a corrupt file', async () => {
      writeFileSync(join(dir, 'corrupt.mmdb'), Buffer.alloc(4096, 7));
      await expect(create({ geo: { uri: dir, database: 'corrupt.mmdb' } })).rejects.toThrow(/not a readable MaxMind database/);
    });

    it('reports a database of the wrong type', async () => {
      await expect(create({ geo: { uri: dir, database: 'GeoIP2-ISP.mmdb' } })).rejects.toThrow(
        /database type is 'GeoIP2-ISP', which cannot serve 'geo' lookups/,
      );
    });
  });
});
