import { ALL_FACTORIES } from './factories';
import { UNSUPPORTED_ENRICHMENTS } from './config/unsupported';

describe('ALL_FACTORIES', () => {
  it('registers every enrichment Sleet implements, once, under its config schema', () => {
    expect(ALL_FACTORIES.map((f) => `${f.vendor}/${f.name}/${f.model}-0-*`).sort()).toEqual(
      [
        'com.snowplowanalytics.snowplow/anon_ip/1-0-*',
        'com.snowplowanalytics.snowplow/campaign_attribution/1-0-*',
        'com.snowplowanalytics.snowplow/cookie_extractor_config/1-0-*',
        'com.snowplowanalytics.snowplow/event_fingerprint_config/1-0-*',
        'com.snowplowanalytics.snowplow/ip_lookups/2-0-*',
        'com.snowplowanalytics.snowplow/javascript_script_config/1-0-*',
        'com.snowplowanalytics.snowplow/referer_parser/2-0-*',
        'com.snowplowanalytics.snowplow/ua_parser_config/1-0-*',
        'com.snowplowanalytics.snowplow/user_agent_utils_config/1-0-*',
        'com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/1-0-*',
        'com.snowplowanalytics.snowplow.enrichments/http_header_extractor_config/1-0-*',
        'com.snowplowanalytics.snowplow.enrichments/iab_spiders_and_robots_enrichment/1-0-*',
        'com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/2-0-*',
        'dev.sleet/bot_detection_config/1-0-*',
        'dev.sleet/user_agent_context_config/1-0-*',
      ].sort(),
    );
  });

  it('never registers an enrichment that is declared unsupported', () => {
    expect(ALL_FACTORIES.filter((f) => UNSUPPORTED_ENRICHMENTS.has(f.name))).toEqual([]);
  });
});
