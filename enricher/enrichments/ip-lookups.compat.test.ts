/**
 * ip_lookups against MaxMind's official synthetic test databases (../shared/fixtures/mmdb, example IPs from its
 * README) and Snowplow Enrich 3.9.0's one-record GeoLite2-City test database (../shared/fixtures/enrich-3.9.0).
 * Expected latitude/longitude strings are Java 25 `Float.toString((float) x)` output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Reader, Response } from 'maxmind';
import { join } from 'node:path';
import { ASN_CONTEXT_SCHEMA, IP_LOOKUP_FIELDS, ipLookupsFactory } from './ip-lookups';
import { MaxMindDatabase } from './maxmind-database';
import { testFactoryContext, testInput } from './testing/enrichment-input';

const MMDB = join(__dirname, '../../../shared/fixtures/mmdb');
const ENRICH_390 = join(__dirname, '../../../shared/fixtures/enrich-3.9.0');
const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-1';

const FIELDS = IP_LOOKUP_FIELDS;

async function lookup(parameters: unknown, ip: string) {
  const enrichment = await ipLookupsFactory.create(parameters, testFactoryContext().ctx, SCHEMA);
  const input = testInput({ fields: { user_ipaddress: ip } });
  const result = enrichment.enrich(input);
  const fields = Object.fromEntries(FIELDS.map((f) => [f, input.event[f]]).filter(([, v]) => v !== null));
  return { fields, contexts: result?.contexts ?? [] };
}

const official = {
  geo: { uri: MMDB, database: 'GeoIP2-City-Test.mmdb' },
  isp: { uri: MMDB, database: 'GeoIP2-ISP-Test.mmdb' },
  domain: { uri: MMDB, database: 'GeoIP2-Domain-Test.mmdb' },
  connectionType: { uri: MMDB, database: 'GeoIP2-Connection-Type-Test.mmdb' },
  // The fixtures have no GeoLite2-ASN test database; the ISP database carries the same ASN fields.
  asn: { uri: MMDB, database: 'GeoIP2-ISP-Test.mmdb' },
};

(existsSync(MMDB) ? describe : describe.skip)('ip_lookups with MaxMind test databases', () => {
  it.each([
    [
      '81.2.69.142',
      {
        geo_country: 'GB',
        geo_region: 'ENG',
        geo_city: 'London',
        geo_latitude: '51.5142',
        geo_longitude: '-0.0931',
        geo_region_name: 'England',
        geo_timezone: 'Europe/London',
        ip_domain: 'in-addr.arpa',
      },
    ],
    [
      '175.16.199.0',
      {
        geo_country: 'CN',
        geo_region: '22',
        geo_city: 'Changchun',
        geo_latitude: '43.88',
        geo_longitude: '125.3228',
        geo_region_name: 'Jilin Sheng',
        geo_timezone: 'Asia/Harbin',
        ip_netspeed: 'Cable/DSL',
      },
    ],
    [
      '216.160.83.56',
      {
        geo_country: 'US',
        geo_region: 'WA',
        geo_city: 'Milton',
        geo_zipcode: '98354',
        geo_latitude: '47.2513',
        geo_longitude: '-122.3149',
        geo_region_name: 'Washington',
        geo_timezone: 'America/Los_Angeles',
        ip_netspeed: 'Corporate',
      },
    ],
    [
      '89.160.20.128',
      {
        geo_country: 'SE',
        geo_region: 'E',
        geo_city: 'Linköping',
        geo_latitude: '58.4167',
        geo_longitude: '15.6167',
        geo_region_name: 'Östergötland County',
        geo_timezone: 'Europe/Stockholm',
      },
    ],
    ['2001:218::1', { geo_country: 'JP', geo_latitude: '35.68536', geo_longitude: '139.7531', geo_timezone: 'Asia/Tokyo' }],
    ['::ffff:81.2.69.142', { geo_city: 'London', geo_country: 'GB' }],
    ['1.2.0.0', { ip_domain: 'maxmind.com' }],
    ['67.43.156.0', { ip_domain: 'shoesfin.NET' }],
    ['1.0.1.0', { ip_netspeed: 'Cellular' }],
    ['214.78.120.0', { ip_netspeed: 'Satellite' }],
    ['8.8.8.8', {}],
  ])('%s', async (ip, expected) => {
    const { fields } = await lookup(official, ip);
    expect(fields).toMatchObject(expected);
    // Where the City database knows the address, every geo_* field is exactly as expected (no extra ones).
    const geo = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('geo_')));
    if (Object.keys(geo(expected)).length > 2 || ip === '8.8.8.8') expect(geo(fields)).toEqual(geo(expected));
  });

  it('fills ip_isp / ip_organization and the ASN context from the ISP database', async () => {
    const telstra = await lookup(official, '1.128.0.0');
    expect(telstra.fields).toMatchObject({ ip_isp: 'Telstra Internet', ip_organization: 'Telstra Internet' });
    expect(telstra.contexts).toEqual([{ schema: ASN_CONTEXT_SCHEMA, data: { number: 1221, organization: 'Telstra Pty Ltd' } }]);
    const att = await lookup(official, '12.87.118.0');
    expect(att.fields).toMatchObject({ ip_isp: 'AT&T Services', ip_organization: 'AT&T Worldnet Services' });
    expect(att.contexts).toEqual([{ schema: ASN_CONTEXT_SCHEMA, data: { number: 7018, organization: null } }]);
  });

  it('also reads the GeoLite2-City test database', async () => {
    const { fields } = await lookup({ geo: { uri: MMDB, database: 'GeoLite2-City-Test.mmdb' } }, '2.125.160.216');
    expect(fields).toMatchObject({ geo_country: 'GB', geo_region: 'WBK', geo_city: 'Boxford', geo_zipcode: 'OX1', geo_latitude: '51.75', geo_longitude: '-1.25' });
  });

  it('refuses the Anonymous-IP database for any lookup kind', async () => {
    await expect(
      ipLookupsFactory.create({ geo: { uri: MMDB, database: 'GeoIP2-Anonymous-IP-Test.mmdb' } }, testFactoryContext().ctx, SCHEMA),
    ).rejects.toThrow(/database type is 'GeoIP2-Anonymous-IP'/);
  });
});

(existsSync(MMDB) ? describe : describe.skip)('IPv4 tree walk on MaxMind test databases (28-bit records)', () => {
  const files = existsSync(MMDB) ? readdirSync(MMDB).filter((f) => f.endsWith('.mmdb')) : [];
  it.each(files)('%s: the same record as mmdb-lib for every listed IPv4 network and 20,000 random addresses', (file) => {
    const bytes = readFileSync(join(MMDB, file));
    const fast = new MaxMindDatabase(bytes, (record) => record);
    const reader = new Reader<Response>(bytes);
    const listed = (JSON.parse(readFileSync(join(MMDB, file.replace(/\.mmdb$/, '.json')), 'utf8')) as Array<Record<string, unknown>>)
      .flatMap((entry) => Object.keys(entry))
      // IPv4 networks are written `a.b.c.d/n` or, in an IPv6 tree, `::a.b.c.d/n`.
      .map((cidr) => /^(?:::)?(\d+\.\d+\.\d+\.\d+)\//.exec(cidr)?.[1])
      .filter((ip): ip is string => ip !== undefined);
    let seed = 1;
    const random = Array.from({ length: 20_000 }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return [seed >>> 24, (seed >>> 16) & 255, (seed >>> 8) & 255, seed & 255].join('.');
    });
    const ips = [...listed, ...random];
    expect(listed.length).toBeGreaterThan(0);
    expect(ips.filter((ip) => JSON.stringify(fast.lookup(ip)) !== JSON.stringify(reader.get(ip))).slice(0, 5)).toEqual([]);
    expect(listed.filter((ip) => fast.lookup(ip) !== null).length).toBeGreaterThan(0);
  });
});

(existsSync(ENRICH_390) ? describe : describe.skip)('ip_lookups with Snowplow Enrich 3.9.0 test database', () => {
  it('37.228.225.32 → Dublin (no time zone in the record)', async () => {
    const { fields } = await lookup({ geo: { uri: ENRICH_390, database: 'GeoLite2-City.mmdb' } }, '37.228.225.32');
    expect(fields).toEqual({
      geo_country: 'IE',
      geo_region: 'L',
      geo_city: 'Dublin',
      geo_zipcode: 'D02',
      geo_latitude: '53.3331',
      geo_longitude: '-6.2489',
      geo_region_name: 'Leinster',
    });
  });
});
