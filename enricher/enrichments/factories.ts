/**
 * Every enrichment Sleet can configure, keyed by its config schema (vendor, name). The config loader
 * (./config/create-registry.ts) rejects any enabled config whose schema is not listed here.
 */
import type { EnrichmentFactory } from './enrichment';
import { botDetectionFactory } from './bot-detection';
import { iabSpidersAndRobotsFactory } from './iab-spiders-and-robots';
import { ipLookupsFactory } from './ip-lookups';
import { uaParserFactory } from './ua-parser';
import { userAgentContextFactory } from './user-agent-context';
import { userAgentUtilsFactory } from './user-agent-utils';

export const ALL_FACTORIES: readonly EnrichmentFactory[] = [
  iabSpidersAndRobotsFactory,
  userAgentUtilsFactory,
  uaParserFactory,
  userAgentContextFactory,
  ipLookupsFactory,
  botDetectionFactory,
];
