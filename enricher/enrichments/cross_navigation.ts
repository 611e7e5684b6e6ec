/**
 * cross_navigation_config — `iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0`
 * (spec/enrich.md §4.12), no parameters. Sets `refr_domain_userid` / `refr_dvce_tstamp` from the page URL's `_sp`
 * parameter and adds the `com.snowplowanalytics.snowplow/cross_navigation/1-0-0` context, so that a visitor who
 * follows a link between the campaign's domains keeps one identity. An invalid `_sp` is an enrichment failure with
 * identifier `cross-navigation`.
 *
 * Pipeline contract: when this enrichment is configured it does the whole of step 11 of §4.0; when it is not, the
 * core calls `applyCrossNavigationFields(event, null)` itself (Enrich parses `_sp` always).
 */
import type { EnrichedEvent } from '../model/enriched-event';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory, EnrichmentFailureMessage } from './enrichment';
import { crossNavigationFailures, CrossNavigationParse, parseCrossNavigation } from './cross-navigation-sp';

export { parseCrossNavigation } from './cross-navigation-sp';
export type { CrossNavigationData, CrossNavigationParse } from './cross-navigation-sp';

const NAME = 'cross_navigation_config';
export const CROSS_NAVIGATION_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0';
export const CROSS_NAVIGATION_IDENTIFIER = 'cross-navigation';
const DEFAULT_CONFIG_SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0';

/**
 * Parses `_sp` from `event.page_urlquery` and sets `refr_domain_userid` / `refr_dvce_tstamp`; returns the failures of
 * an invalid `_sp` (fields then stay unset) and the parse, for the context. Never throws.
 */
export function applyCrossNavigationFields(
  event: EnrichedEvent,
  enrichment: EnrichmentFailureMessage['enrichment'],
): { failures: EnrichmentFailureMessage[]; parse: CrossNavigationParse } {
  const parse = parseCrossNavigation(event.page_urlquery);
  if (parse.kind === 'invalid') return { failures: crossNavigationFailures(parse, enrichment), parse };
  if (parse.kind === 'parsed') {
    if (parse.refrDomainUserid !== null) event.refr_domain_userid = parse.refrDomainUserid;
    if (parse.refrDvceTstamp !== null) event.refr_dvce_tstamp = parse.refrDvceTstamp;
  }
  return { failures: [], parse };
}

export function createCrossNavigation(configSchema: string = DEFAULT_CONFIG_SCHEMA): Enrichment {
  const info = { schemaKey: configSchema, identifier: CROSS_NAVIGATION_IDENTIFIER };
  return {
    slot: 'cross_navigation',
    name: NAME,
    enrich({ event }) {
      const { failures, parse } = applyCrossNavigationFields(event, info);
      if (failures.length > 0) return { failures };
      if (parse.kind === 'parsed' && parse.navigation !== null) {
        return { contexts: [{ schema: CROSS_NAVIGATION_SCHEMA, data: parse.navigation }] };
      }
      return undefined;
    },
  };
}

export const crossNavigationFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow.enrichments',
  name: NAME,
  model: 1,
  create: async (parameters, ctx, schema) => {
    // The schema has no parameters; Snowplow configs omit the key or leave it empty.
    const empty =
      parameters === undefined ||
      parameters === null ||
      (typeof parameters === 'object' && !Array.isArray(parameters) && Object.keys(parameters).length === 0);
    if (!empty) throw new EnrichmentConfigError(ctx.file, NAME, 'cross_navigation_config takes no parameters');
    return createCrossNavigation(schema || DEFAULT_CONFIG_SCHEMA);
  },
};
