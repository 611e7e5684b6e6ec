/**
 * Snowplow enrichments Sleet does not implement (yet). Enabling one stops start-up with "not supported yet": a
 * pipeline that silently skipped a configured enrichment would produce data its users do not expect.
 * (Keyed by config schema name; currency/weather/API/SQL need external services, YAUAA is a JVM library, and the
 * 6.x ASN/bot/event-spec enrichments build on those.)
 */
export const UNSUPPORTED_ENRICHMENTS: ReadonlySet<string> = new Set([
  'currency_conversion_config',
  'weather_enrichment_config',
  'api_request_enrichment_config',
  'sql_query_enrichment_config',
  'yauaa_enrichment_config',
  'asn_lookups',
  'bot_detection_enrichment_config',
  'event_spec_enrichment_config',
]);
