/**
 * The realistic enrichment set of the end-to-end pipeline, as Snowplow-format enrichment configs (one
 * self-describing JSON file each, exactly what a Snowplow user would bring), plus the small referer database the
 * referer_parser enrichment loads (the real one is GPL and not shipped; see ../shared/fixtures/referer-parser).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const PII_SALT = 'sleet-e2e-salt';

/** The referer database: the search engine page of the journey, matched by host and path. */
export function refererDatabase(searchEngineHost: string): object {
  return {
    search: {
      'Sleet Test Search': { domains: [`${searchEngineHost}/search`], parameters: ['q'] },
    },
    email: {
      'Sleet Test Mail': { domains: ['mail.example.org'] },
    },
  };
}

export interface EnrichmentSetOptions {
  /** Directory the config files are written to. */
  readonly directory: string;
  /** MaxMind City database (the GeoIP2-City-Test fixture from ../shared). */
  readonly geoDatabaseFile: string;
  /** Host of the search engine page; its /search path is a known search referer. */
  readonly searchEngineHost: string;
  /** Hosts the campaign owner counts as its own (refr_medium = internal). */
  readonly internalDomains: readonly string[];
}

function config(schema: string, data: object): object {
  return { schema, data };
}

/** Writes one JSON file per enrichment into `directory` and returns their paths. */
export function writeEnrichmentSet(opts: EnrichmentSetOptions): string[] {
  mkdirSync(opts.directory, { recursive: true });
  const refererDir = join(opts.directory, 'referer-db');
  mkdirSync(refererDir, { recursive: true });
  writeFileSync(join(refererDir, 'referers-e2e.json'), JSON.stringify(refererDatabase(opts.searchEngineHost)));
  // The ip_lookups schema only accepts the production file names, so the test database is linked under one.
  const geoDir = join(opts.directory, 'geo-db');
  mkdirSync(geoDir, { recursive: true });
  symlinkSync(opts.geoDatabaseFile, join(geoDir, 'GeoIP2-City.mmdb'));
  // Snowplow's configs name a database by a directory URI plus a file name.
  const dirUri = (dir: string) => `${pathToFileURL(dir).href}/`;

  const sp = 'iglu:com.snowplowanalytics.snowplow';
  const spe = 'iglu:com.snowplowanalytics.snowplow.enrichments';
  const configs: Record<string, object> = {
    'ua_parser_config.json': config(`${sp}/ua_parser_config/jsonschema/1-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'ua_parser_config',
      enabled: true,
      parameters: {},
    }),
    'user_agent_utils_config.json': config(`${sp}/user_agent_utils_config/jsonschema/1-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'user_agent_utils_config',
      enabled: true,
      parameters: {},
    }),
    'campaign_attribution.json': config(`${sp}/campaign_attribution/jsonschema/1-0-1`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'campaign_attribution',
      enabled: true,
      parameters: {
        mapping: 'static',
        fields: {
          mktMedium: ['utm_medium'],
          mktSource: ['utm_source'],
          mktTerm: ['utm_term'],
          mktContent: ['utm_content'],
          mktCampaign: ['utm_campaign'],
        },
      },
    }),
    'referer_parser.json': config(`${sp}/referer_parser/jsonschema/2-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'referer_parser',
      enabled: true,
      parameters: {
        internalDomains: [...opts.internalDomains],
        database: 'referers-e2e.json',
        uri: dirUri(refererDir),
      },
    }),
    'cross_navigation_config.json': config(`${spe}/cross_navigation_config/jsonschema/1-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow.enrichments',
      name: 'cross_navigation_config',
      enabled: true,
    }),
    'event_fingerprint_config.json': config(`${sp}/event_fingerprint_config/jsonschema/1-0-1`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'event_fingerprint_config',
      enabled: true,
      parameters: { excludeParameters: ['eid', 'nuid', 'stm', 'cv'], hashAlgorithm: 'SHA256' },
    }),
    'ip_lookups.json': config(`${sp}/ip_lookups/jsonschema/2-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'ip_lookups',
      enabled: true,
      parameters: { geo: { database: 'GeoIP2-City.mmdb', uri: dirUri(geoDir) } },
    }),
    'anon_ip.json': config(`${sp}/anon_ip/jsonschema/1-0-1`, {
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'anon_ip',
      enabled: true,
      parameters: { anonOctets: 1, anonSegments: 1 },
    }),
    'pii_enrichment_config.json': config(`${spe}/pii_enrichment_config/jsonschema/2-0-0`, {
      vendor: 'com.snowplowanalytics.snowplow.enrichments',
      name: 'pii_enrichment_config',
      enabled: true,
      emitEvent: false,
      parameters: {
        pii: [
          { pojo: { field: 'user_id' } },
          // The extended linker copies the user id into the cross_navigation entity: hash it there too.
          {
            json: {
              field: 'derived_contexts',
              schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-*-*',
              jsonPath: '$.user_id',
            },
          },
          // The example sign-up event carries an email address.
          {
            json: {
              field: 'unstruct_event',
              schemaCriterion: 'iglu:dev.sleet/campaign_signup/jsonschema/1-*-*',
              jsonPath: '$.email',
            },
          },
        ],
        strategy: { pseudonymize: { hashFunction: 'SHA-256', salt: PII_SALT } },
      },
    }),
  };
  return Object.entries(configs).map(([file, json]) => {
    const path = join(opts.directory, file);
    writeFileSync(path, JSON.stringify(json, null, 2));
    return path;
  });
}
