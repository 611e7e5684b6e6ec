/**
 * Every enrichment Sleet can configure, keyed by its config schema (vendor, name). The config loader
 * (./config/create-registry.ts) rejects any enabled config whose schema is not listed here; enabling one of the
 * Snowplow enrichments Sleet does not implement stops start-up with "not supported yet" (./config/unsupported.ts).
 * Listed in Snowplow's execution order (spec/enrich.md §4.0); the pipeline runs them by slot, not by this order.
 */
import { anonIpFactory } from './anon_ip';
import { botDetectionFactory } from './bot-detection';
import { campaignAttributionFactory } from './campaign_attribution';
import { cookieExtractorFactory } from './cookie_extractor';
import { crossNavigationFactory } from './cross_navigation';
import type { EnrichmentFactory } from './enrichment';
import { eventFingerprintFactory } from './event_fingerprint';
import { httpHeaderExtractorFactory } from './http_header_extractor';
import { iabSpidersAndRobotsFactory } from './iab-spiders-and-robots';
import { ipLookupsFactory } from './ip-lookups';
import { javascriptScriptFactory } from './javascript_script';
import { piiFactory } from './pii';
import { refererParserFactory } from './referer_parser';
import { uaParserFactory } from './ua-parser';
import { userAgentContextFactory } from './user-agent-context';
import { userAgentUtilsFactory } from './user-agent-utils';

export const ALL_FACTORIES: readonly EnrichmentFactory[] = [
  iabSpidersAndRobotsFactory,
  userAgentUtilsFactory,
  uaParserFactory,
  refererParserFactory,
  campaignAttributionFactory,
  crossNavigationFactory,
  eventFingerprintFactory,
  cookieExtractorFactory,
  httpHeaderExtractorFactory,
  userAgentContextFactory,
  ipLookupsFactory,
  botDetectionFactory,
  javascriptScriptFactory,
  anonIpFactory,
  piiFactory,
];
