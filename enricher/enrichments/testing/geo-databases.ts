/**
 * Small MaxMind-format databases for `ip_lookups` tests and benchmarks, written with ./mmdb-writer.ts into a
 * directory under the names Snowplow's config schema expects. Addresses are from the documentation ranges
 * (RFC 5737 / RFC 3849); values are made up for the tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MmdbDatabaseSpec, writeMmdb } from './mmdb-writer';

export const TEST_GEO_DATABASES: Readonly<Record<string, MmdbDatabaseSpec>> = {
  'GeoIP2-City.mmdb': {
    databaseType: 'GeoIP2-City',
    networks: {
      '192.0.2.0/24': {
        city: { geoname_id: 1, names: { en: 'Bracknell', de: 'Bracknell' } },
        country: { iso_code: 'GB', names: { en: 'United Kingdom' } },
        location: { latitude: 51.4036, longitude: -0.7618, time_zone: 'Europe/London', accuracy_radius: 10 },
        postal: { code: 'RG12' },
        subdivisions: [
          { iso_code: 'ENG', names: { en: 'England' } },
          { iso_code: 'BRC', names: { en: 'Bracknell Forest' } },
        ],
      },
      '198.51.100.0/24': { country: { iso_code: 'US', names: { en: 'United States' } } },
      '203.0.113.0/25': { city: { names: { en: 'Tab\tCity\n' } }, country: { iso_code: 'FR' }, location: { latitude: 48, longitude: 2.3522 } },
      '2001:db8::/32': { country: { iso_code: 'JP' }, location: { latitude: 35.68536, longitude: 139.75309, time_zone: 'Asia/Tokyo' } },
    },
  },
  'GeoIP2-ISP.mmdb': {
    databaseType: 'GeoIP2-ISP',
    networks: {
      '192.0.2.0/24': { isp: 'Test Internet', organization: 'Test Org Ltd', autonomous_system_number: 64496 },
      '2001:db8::/32': { isp: 'Test v6 ISP' },
    },
  },
  'GeoIP2-Domain.mmdb': { databaseType: 'GeoIP2-Domain', networks: { '192.0.2.0/24': { domain: 'example.net' } } },
  'GeoIP2-Connection-Type.mmdb': {
    databaseType: 'GeoIP2-Connection-Type',
    networks: { '192.0.2.0/24': { connection_type: 'Cable/DSL' }, '2001:db8::/32': { connection_type: 'Cellular' } },
  },
  'GeoLite2-ASN.mmdb': {
    databaseType: 'GeoLite2-ASN',
    networks: {
      '192.0.2.0/24': { autonomous_system_number: 64496, autonomous_system_organization: 'Example AS' },
      '2001:db8::/32': { autonomous_system_number: 64497 },
    },
  },
};

/** Writes every test database into `dir`; returns `dir`. */
export function writeTestGeoDatabases(dir: string): string {
  for (const [name, spec] of Object.entries(TEST_GEO_DATABASES)) writeFileSync(join(dir, name), writeMmdb(spec));
  return dir;
}
