/**
 * campaign_attribution — `iglu:com.snowplowanalytics.snowplow/campaign_attribution/jsonschema/1-0-*`
 * (spec/enrich.md §4.6). Reads the page URL querystring: for each of `mkt_medium/source/term/content/campaign` the
 * first configured parameter name present wins (value cleaned by makeTsvSafe); the first click-id parameter present
 * (built-in gclid/msclkid/dclid merged with `mktClickId`, in Scala Map order) sets `mkt_clickid` and `mkt_network`.
 * There are no default parameter names: Snowplow's example config uses `utm_*`.
 */
import type { AtomicFieldName } from '../model/enriched-event';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from './enrichment';
import { parseQuerystring } from './campaign-attribution-querystring';
import { scalaMapOrder } from './campaign-attribution-scala-map-order';
import { makeTsvSafe } from './referer-parser-tsv-safe';

const NAME = 'campaign_attribution';

/** Built-in click-id parameters → network (Enrich's defaults; `mktClickId` entries override same names). */
export const DEFAULT_CLICK_IDS: Readonly<Record<string, string>> = { gclid: 'Google', msclkid: 'Microsoft', dclid: 'DoubleClick' };

const FIELD_KEYS = {
  mktMedium: 'mkt_medium',
  mktSource: 'mkt_source',
  mktTerm: 'mkt_term',
  mktContent: 'mkt_content',
  mktCampaign: 'mkt_campaign',
} as const satisfies Record<string, AtomicFieldName>;
type FieldKey = keyof typeof FIELD_KEYS;

export interface CampaignAttributionConfig {
  readonly fields: Readonly<Record<FieldKey, readonly string[]>>;
  /** Click-id parameter → network name, in precedence order. */
  readonly clickIds: ReadonlyArray<readonly [string, string]>;
}

export function parseCampaignAttributionConfig(parameters: unknown, file: string): CampaignAttributionConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parameters)) return fail('parameters must be an object with "fields"');
  for (const key of Object.keys(parameters)) if (key !== 'mapping' && key !== 'fields') fail(`unknown parameter "${key}"`);
  const { mapping, fields } = parameters;
  if (mapping !== undefined && mapping !== null && mapping !== 'static') {
    fail(`parameters.mapping ${JSON.stringify(mapping)} is not supported (only "static", as in Snowplow Enrich)`);
  }
  if (!isObject(fields)) return fail('parameters.fields must be an object with mktMedium, mktSource, mktTerm, mktContent, mktCampaign');
  for (const key of Object.keys(fields)) {
    if (key !== 'mktClickId' && !Object.hasOwn(FIELD_KEYS, key)) fail(`unknown field "parameters.fields.${key}"`);
  }
  const parsed = {} as Record<FieldKey, string[]>;
  for (const key of Object.keys(FIELD_KEYS) as FieldKey[]) {
    const names = fields[key];
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      fail(`parameters.fields.${key} must be an array of querystring parameter names (e.g. ["utm_medium"])`);
    }
    parsed[key] = names as string[];
  }
  const custom = fields.mktClickId ?? {};
  if (!isObject(custom) || !Object.values(custom).every((v) => typeof v === 'string')) {
    return fail('parameters.fields.mktClickId must be an object of parameter name → network name (e.g. {"gclid": "Google"})');
  }
  const networks: Record<string, string> = { ...DEFAULT_CLICK_IDS, ...(custom as Record<string, string>) };
  const order = scalaMapOrder([...Object.keys(DEFAULT_CLICK_IDS), ...Object.keys(custom)]);
  return { fields: parsed, clickIds: order.map((name) => [name, networks[name]] as const) };
}

export function createCampaignAttribution(config: CampaignAttributionConfig): Enrichment {
  const fieldEntries = Object.entries(config.fields) as Array<[FieldKey, readonly string[]]>;
  return {
    slot: 'campaign_attribution',
    name: NAME,
    enrich({ event }) {
      // Most page URLs have no querystring: nothing to parse, no map to build.
      if (!event.page_urlquery) return undefined;
      const query = parseQuerystring(event.page_urlquery);
      if (query.size === 0) return undefined;
      for (const [key, names] of fieldEntries) {
        const name = names.find((n) => query.get(n) != null);
        if (name !== undefined) event[FIELD_KEYS[key]] = makeTsvSafe(query.get(name));
      }
      for (const [param, network] of config.clickIds) {
        const value = query.get(param);
        if (value != null) {
          event.mkt_clickid = makeTsvSafe(value);
          event.mkt_network = makeTsvSafe(network);
          break;
        }
      }
      return undefined;
    },
  };
}

export const campaignAttributionFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  create: async (parameters, ctx) => createCampaignAttribution(parseCampaignAttributionConfig(parameters, ctx.file)),
};
