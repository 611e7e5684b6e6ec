/**
 * `ip_lookups` (spec/enrich.md §4.1): MaxMind GeoIP2 / GeoLite2 databases → `geo_*`, `ip_isp`, `ip_organization`,
 * `ip_domain`, `ip_netspeed` and the ASN derived context. Databases are read whole into memory at start-up (and on
 * refresh, swapped atomically); lookups go through an LRU cache per address and
 * a memo per database record (./maxmind-database.ts); an invalid or unknown IP leaves the fields empty.
 */
import type { EnrichedEvent } from '../model/enriched-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { checkParameters, FILE_REF_SCHEMA, FileRef } from './config/parameters';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { normaliseIp } from './ip-address';
import { javaFloatToString } from './java-float';
import { LruCache } from './lru-cache';
import { shareEntityData } from '../model/shared-entity-data';
import { MaxMindDatabase } from './maxmind-database';
import { makeTsvSafe } from './referer-parser-tsv-safe';

export const ASN_CONTEXT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1';
const NAME = 'ip_lookups';
/** Addresses cached: two generations of 20,000 (Snowplow keeps an LRU of 20,000), so the last 20,000 stay. */
const CACHE_ENTRIES = 40_000;

type DatabaseKind = 'geo' | 'isp' | 'domain' | 'connectionType' | 'asn';
const KINDS: readonly DatabaseKind[] = ['geo', 'isp', 'domain', 'connectionType', 'asn'];

/** Which `metadata.database_type` each parameter accepts (GeoIP2 Java refuses the others at lookup time). */
const ACCEPTED_TYPES: Record<DatabaseKind, RegExp> = {
  geo: /City|Enterprise/,
  isp: /ISP/,
  domain: /Domain/,
  connectionType: /Connection-Type/,
  asn: /ASN|ISP/,
};

type IpLookupsParameters = Partial<Record<DatabaseKind, FileRef>>;

const PARAMETERS_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(KINDS.map((k) => [k, FILE_REF_SCHEMA])),
  additionalProperties: false,
};


/** The atomic fields ip_lookups fills (spec/enrich.md §4.1). */
export const IP_LOOKUP_FIELDS = [
  'geo_country',
  'geo_region',
  'geo_city',
  'geo_zipcode',
  'geo_latitude',
  'geo_longitude',
  'geo_region_name',
  'geo_timezone',
  'ip_isp',
  'ip_organization',
  'ip_domain',
  'ip_netspeed',
] as const;
type GeoField = (typeof IP_LOOKUP_FIELDS)[number];

/** The value of each field for one IP (null: left as it is). */
type GeoValues = { readonly [F in GeoField]: string | null };

/** What one IP resolves to, shared between events through the cache: never mutated. */
interface IpLookupResult {
  /** null when no database gave a field. */
  readonly values: GeoValues | null;
  readonly asn: { readonly number: number; readonly organization: string | null } | null;
}

/** Longest `user_ipaddress` used as a cache key as it is (a longer one is looked up uncached). */
const MAX_CACHED_KEY_LENGTH = 128;

interface Names {
  names?: Record<string, string>;
}
interface CityRecord {
  city?: Names;
  country?: { iso_code?: string };
  location?: { latitude?: number; longitude?: number; time_zone?: string };
  postal?: { code?: string };
  subdivisions?: Array<Names & { iso_code?: string }>;
}

type FieldList = ReadonlyArray<readonly [GeoField, string]>;

/** What one database record contributes: atomic fields, and for `asn` the context data. */
interface Part {
  readonly fields: FieldList;
  readonly asn?: { readonly number: number; readonly organization: string | null };
}

const NO_FIELDS: Part = { fields: [] };
const EMPTY: IpLookupResult = { values: null, asn: null };

/** MaxMind text goes into TSV columns: never let a tab or a control character through (Snowplow's makeTsvSafe). */
function clean(value: unknown): string | null {
  return typeof value === 'string' ? makeTsvSafe(value) : null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function fieldList(all: ReadonlyArray<readonly [GeoField, string | null]>): Part {
  const fields = all.filter((f): f is readonly [GeoField, string] => f[1] !== null);
  return fields.length === 0 ? NO_FIELDS : { fields };
}

const asObject = (record: unknown): Record<string, unknown> =>
  typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};

/** Per database kind: what a record contributes (computed once per record, see MaxMindDatabase). */
const EXTRACT: Record<DatabaseKind, (record: unknown) => Part> = {
  geo: (record) => {
    const city = record as CityRecord;
    const subdivisions = Array.isArray(city.subdivisions) ? city.subdivisions : [];
    const mostSpecific = subdivisions.length > 0 ? subdivisions[subdivisions.length - 1] : undefined;
    return fieldList([
      ['geo_country', clean(city.country?.iso_code)],
      ['geo_region', clean(mostSpecific?.iso_code)],
      ['geo_city', clean(city.city?.names?.en)],
      ['geo_zipcode', clean(city.postal?.code)],
      ['geo_latitude', javaFloatToString(num(city.location?.latitude))],
      ['geo_longitude', javaFloatToString(num(city.location?.longitude))],
      ['geo_region_name', clean(mostSpecific?.names?.en)],
      ['geo_timezone', clean(city.location?.time_zone)],
    ]);
  },
  isp: (record) => {
    const r = asObject(record);
    return fieldList([
      ['ip_isp', clean(r.isp)],
      ['ip_organization', clean(r.organization)],
    ]);
  },
  domain: (record) => fieldList([['ip_domain', clean(asObject(record).domain)]]),
  connectionType: (record) => fieldList([['ip_netspeed', clean(asObject(record).connection_type)]]),
  asn: (record) => {
    const r = asObject(record);
    const number = r.autonomous_system_number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) return NO_FIELDS;
    const organization = typeof r.autonomous_system_organization === 'string' ? r.autonomous_system_organization : null;
    return { fields: [], asn: { number, organization } };
  },
};

type Databases = Partial<Record<DatabaseKind, MaxMindDatabase<Part>>>;

export class IpLookupsEnrichment implements Enrichment {
  readonly slot = 'ip_lookups' as const;
  readonly name = NAME;
  #databases: Databases;
  #cache = new LruCache<string, IpLookupResult>(CACHE_ENTRIES);

  constructor(databases: Databases) {
    this.#databases = databases;
  }

  /** Swaps one database (refreshed file) and empties the cache. */
  replaceDatabase(kind: DatabaseKind, database: MaxMindDatabase<Part>): void {
    this.#databases = { ...this.#databases, [kind]: database };
    this.#cache = new LruCache<string, IpLookupResult>(CACHE_ENTRIES);
  }

  enrich({ event }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const raw = event.user_ipaddress;
    if (raw === null || raw === '') return undefined;
    // Keyed by the text as received: a repeat costs one lookup, without normalising the address again. An invalid
    // address caches EMPTY (fields left empty, no context), as the uncached path does.
    let result = raw.length <= MAX_CACHED_KEY_LENGTH ? this.#cache.get(raw) : undefined;
    if (result === undefined) {
      const ip = normaliseIp(raw);
      result = ip === null ? EMPTY : this.lookup(ip);
      if (raw.length <= MAX_CACHED_KEY_LENGTH) this.#cache.addMissing(raw, result);
    }
    if (result.values !== null) setFields(event, result.values);
    const asn = result.asn;
    // Every event from this address shares the frozen context data (PII and JavaScript rewrite copies, never in
    // place); the TSV writer serialises it once.
    return asn === null ? undefined : { contexts: [{ schema: ASN_CONTEXT_SCHEMA, data: asn }] };
  }

  /** Uncached lookup of a normalised IP in every configured database. */
  lookup(ip: string): IpLookupResult {
    const values: Record<GeoField, string | null> = {
      geo_country: null,
      geo_region: null,
      geo_city: null,
      geo_zipcode: null,
      geo_latitude: null,
      geo_longitude: null,
      geo_region_name: null,
      geo_timezone: null,
      ip_isp: null,
      ip_organization: null,
      ip_domain: null,
      ip_netspeed: null,
    };
    let anyField = false;
    let asn: IpLookupResult['asn'] = null;
    for (const kind of KINDS) {
      const part = this.#databases[kind]?.lookup(ip);
      if (!part) continue;
      for (const [field, value] of part.fields) {
        values[field] = value;
        anyField = true;
      }
      if (part.asn) asn = shareEntityData({ number: part.asn.number, organization: part.asn.organization });
    }
    return !anyField && asn === null ? EMPTY : { values: anyField ? values : null, asn };
  }
}

/** Sets the fields that have a value, one named store each (the same shape for every event). */
function setFields(event: EnrichedEvent, v: GeoValues): void {
  if (v.geo_country !== null) event.geo_country = v.geo_country;
  if (v.geo_region !== null) event.geo_region = v.geo_region;
  if (v.geo_city !== null) event.geo_city = v.geo_city;
  if (v.geo_zipcode !== null) event.geo_zipcode = v.geo_zipcode;
  if (v.geo_latitude !== null) event.geo_latitude = v.geo_latitude;
  if (v.geo_longitude !== null) event.geo_longitude = v.geo_longitude;
  if (v.geo_region_name !== null) event.geo_region_name = v.geo_region_name;
  if (v.geo_timezone !== null) event.geo_timezone = v.geo_timezone;
  if (v.ip_isp !== null) event.ip_isp = v.ip_isp;
  if (v.ip_organization !== null) event.ip_organization = v.ip_organization;
  if (v.ip_domain !== null) event.ip_domain = v.ip_domain;
  if (v.ip_netspeed !== null) event.ip_netspeed = v.ip_netspeed;
}

/** Reads and checks one MaxMind database file; throws a plain Error describing what is wrong. */
export function openDatabase(path: string, kind: DatabaseKind): MaxMindDatabase<Part> {
  let database: MaxMindDatabase<Part>;
  try {
    database = MaxMindDatabase.open(path, EXTRACT[kind]);
  } catch (e) {
    throw new Error(`not a readable MaxMind database (${(e as Error).message})`);
  }
  if (!ACCEPTED_TYPES[kind].test(database.databaseType)) {
    throw new Error(`database type is '${database.databaseType}', which cannot serve '${kind}' lookups`);
  }
  return database;
}

export const ipLookupsFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 2,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    const params = checkParameters<IpLookupsParameters>(parameters ?? {}, PARAMETERS_SCHEMA, ctx.file, NAME);
    const configured = KINDS.filter((k) => params[k] !== undefined);
    if (configured.length === 0) {
      throw new EnrichmentConfigError(ctx.file, NAME, 'no database configured (geo, isp, domain, connectionType or asn)');
    }
    const databases: Databases = {};
    const paths = await Promise.all(configured.map((k) => ctx.fetchFile(params[k]!.uri, params[k]!.database)));
    configured.forEach((kind, i) => {
      try {
        databases[kind] = openDatabase(paths[i], kind);
      } catch (e) {
        throw new EnrichmentConfigError(ctx.file, NAME, `${kind} database ${params[kind]!.database}: ${(e as Error).message}`);
      }
    });
    const enrichment = new IpLookupsEnrichment(databases);
    for (const kind of configured) {
      ctx.watchFile?.(params[kind]!.uri, params[kind]!.database, (path) => {
        enrichment.replaceDatabase(kind, openDatabase(path, kind));
        ctx.log.info({ database: params[kind]!.database }, 'MaxMind database reloaded');
      });
    }
    return enrichment;
  },
};
