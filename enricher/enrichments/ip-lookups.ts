/**
 * `ip_lookups` (spec/enrich.md §4.1): MaxMind GeoIP2 / GeoLite2 databases → `geo_*`, `ip_isp`, `ip_organization`,
 * `ip_domain`, `ip_netspeed` and the ASN derived context. Databases are read whole into memory at start-up (and on
 * refresh, swapped atomically); lookups go through an LRU cache; an invalid or unknown IP leaves the fields empty.
 */
import { readFileSync } from 'node:fs';
import { Reader, Response } from 'maxmind';
import type { SelfDescribingJson } from '../model/self-describing';
import { checkParameters, FILE_REF_SCHEMA, FileRef } from './config/parameters';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { normaliseIp } from './ip-address';
import { javaFloatToString } from './java-float';
import { LruCache } from './lru-cache';

export const ASN_CONTEXT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1';
const NAME = 'ip_lookups';
/** Snowplow's cache size for this enrichment. */
const CACHE_ENTRIES = 20_000;

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

/** The fields one IP resolves to (null: not set), shared between events through the cache: never mutated. */
interface IpLookupResult {
  readonly fields: ReadonlyArray<readonly [GeoField, string]>;
  readonly asn: SelfDescribingJson | null;
}

type GeoField =
  | 'geo_country'
  | 'geo_region'
  | 'geo_city'
  | 'geo_zipcode'
  | 'geo_latitude'
  | 'geo_longitude'
  | 'geo_region_name'
  | 'geo_timezone'
  | 'ip_isp'
  | 'ip_organization'
  | 'ip_domain'
  | 'ip_netspeed';

type Readers = Partial<Record<DatabaseKind, Reader<Response>>>;

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
interface IspRecord {
  isp?: string;
  organization?: string;
}
interface AsnRecord {
  autonomous_system_number?: number;
  autonomous_system_organization?: string;
}

const EMPTY: IpLookupResult = { fields: [], asn: null };

/** MaxMind text goes into TSV columns: never let a tab or a control character through. */
function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? null : text;
}

export class IpLookupsEnrichment implements Enrichment {
  readonly slot = 'ip_lookups' as const;
  readonly name = NAME;
  #readers: Readers;
  #cache = new LruCache<string, IpLookupResult>(CACHE_ENTRIES);

  constructor(readers: Readers) {
    this.#readers = readers;
  }

  /** Swaps one database (refreshed file) and empties the cache. */
  replaceReader(kind: DatabaseKind, reader: Reader<Response>): void {
    this.#readers = { ...this.#readers, [kind]: reader };
    this.#cache = new LruCache<string, IpLookupResult>(CACHE_ENTRIES);
  }

  enrich({ event }: EnrichmentInput): { contexts: SelfDescribingJson[] } | undefined {
    const ip = normaliseIp(event.user_ipaddress);
    if (ip === null) return undefined;
    let result = this.#cache.get(ip);
    if (result === undefined) {
      result = this.lookup(ip);
      this.#cache.set(ip, result);
    }
    const target = event as unknown as Record<GeoField, string | null>;
    for (const [field, value] of result.fields) target[field] = value;
    // Each event gets its own copy: later steps (PII, JavaScript) may rewrite derived contexts in place.
    return result.asn ? { contexts: [{ schema: result.asn.schema, data: { ...(result.asn.data as object) } }] } : undefined;
  }

  /** Uncached lookup of a normalised IP in every configured database. */
  lookup(ip: string): IpLookupResult {
    const r = this.#readers;
    const fields: Array<readonly [GeoField, string]> = [];
    const put = (field: GeoField, value: string | null) => {
      if (value !== null) fields.push([field, value]);
    };
    const city = get<CityRecord>(r.geo, ip);
    if (city) fields.push(...geoFields(city));
    const isp = get<IspRecord>(r.isp, ip);
    if (isp) {
      put('ip_isp', clean(isp.isp));
      put('ip_organization', clean(isp.organization));
    }
    put('ip_domain', clean(get<{ domain?: string }>(r.domain, ip)?.domain));
    put('ip_netspeed', clean(get<{ connection_type?: string }>(r.connectionType, ip)?.connection_type));
    const asn = get<AsnRecord>(r.asn, ip);
    const number = asn?.autonomous_system_number;
    const asnContext =
      typeof number === 'number' && Number.isInteger(number) && number >= 0
        ? { schema: ASN_CONTEXT_SCHEMA, data: { number, organization: asn?.autonomous_system_organization ?? null } }
        : null;
    return fields.length === 0 && asnContext === null ? EMPTY : { fields, asn: asnContext };
  }
}

type FieldList = ReadonlyArray<readonly [GeoField, string]>;
/** City records are shared by every address of their network (decoder cache): their fields are computed once. */
const geoFieldsOf = new WeakMap<CityRecord, FieldList>();

function geoFields(city: CityRecord): FieldList {
  let fields = geoFieldsOf.get(city);
  if (fields === undefined) {
    const subdivisions = city.subdivisions ?? [];
    const mostSpecific = subdivisions.length > 0 ? subdivisions[subdivisions.length - 1] : undefined;
    const all: Array<readonly [GeoField, string | null]> = [
      ['geo_country', clean(city.country?.iso_code)],
      ['geo_region', clean(mostSpecific?.iso_code)],
      ['geo_city', clean(city.city?.names?.en)],
      ['geo_zipcode', clean(city.postal?.code)],
      ['geo_latitude', javaFloatToString(num(city.location?.latitude))],
      ['geo_longitude', javaFloatToString(num(city.location?.longitude))],
      ['geo_region_name', clean(mostSpecific?.names?.en)],
      ['geo_timezone', clean(city.location?.time_zone)],
    ];
    fields = all.filter((f): f is readonly [GeoField, string] => f[1] !== null);
    geoFieldsOf.set(city, fields);
  }
  return fields;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Decoded records kept per database, keyed by data offset: every address of a network shares one record. */
const DECODED_RECORDS_PER_DATABASE = 10_000;

function get<T>(reader: Reader<Response> | undefined, ip: string): T | null {
  if (!reader) return null;
  try {
    return reader.get(ip) as T | null;
  } catch {
    // A lookup error (malformed database region, unexpected address form) leaves the fields empty, like Snowplow.
    return null;
  }
}

/** Reads and checks one MaxMind database file; throws a plain Error describing what is wrong. */
export function openDatabase(path: string, kind: DatabaseKind): Reader<Response> {
  let reader: Reader<Response>;
  try {
    reader = new Reader<Response>(readFileSync(path), { cache: new LruCache<string | number, unknown>(DECODED_RECORDS_PER_DATABASE) });
  } catch (e) {
    throw new Error(`not a readable MaxMind database (${(e as Error).message})`);
  }
  const type = reader.metadata.databaseType;
  if (!ACCEPTED_TYPES[kind].test(type)) {
    throw new Error(`database type is '${type}', which cannot serve '${kind}' lookups`);
  }
  return reader;
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
    const readers: Readers = {};
    const paths = await Promise.all(configured.map((k) => ctx.fetchFile(params[k]!.uri, params[k]!.database)));
    configured.forEach((kind, i) => {
      try {
        readers[kind] = openDatabase(paths[i], kind);
      } catch (e) {
        throw new EnrichmentConfigError(ctx.file, NAME, `${kind} database ${params[kind]!.database}: ${(e as Error).message}`);
      }
    });
    const enrichment = new IpLookupsEnrichment(readers);
    for (const kind of configured) {
      ctx.watchFile?.(params[kind]!.uri, params[kind]!.database, (path) => {
        enrichment.replaceReader(kind, openDatabase(path, kind));
        ctx.log.info({ database: params[kind]!.database }, 'MaxMind database reloaded');
      });
    }
    return enrichment;
  },
};
