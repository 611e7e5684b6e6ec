/**
 * The end-to-end scenario's data: who visits, from where, which campaign, which events; and the values the pipeline
 * must derive from them (pseudonymised ids, anonymised IP).
 */
import { createHash } from 'node:crypto';
import { SiteIdentity } from './harness/campaign-sites';
import { PII_SALT } from './harness/enrichment-configs';

/** In the MaxMind GeoIP2-City test database: London, GB (../shared/fixtures/mmdb/README.md). */
export const CLIENT_IP = '81.2.69.142';
export const ANONYMISED_IP = '81.2.69.x';
export const VISITOR_USER_ID = 'alice@example.com';
export const SERVER_USER_ID = 'bob@example.com';
export const LANDING: SiteIdentity = { trackerNamespace: 'spring-sale', appId: 'sleet-shoes-campaign' };
export const STORE: SiteIdentity = { trackerNamespace: 'store', appId: 'sleet-shoes-store' };
export const SERVER_APP_ID = 'sleet-shoes-backend';
export const CAMPAIGN = {
  utm_source: 'google',
  utm_medium: 'cpc',
  utm_campaign: 'spring_sale',
  utm_term: 'trail shoes',
  utm_content: 'hero_ad',
  gclid: 'EAIaIQobChMI-e2e_Click.1',
};
export const SEARCH_TERM = 'trail running shoes';
export const SIGNUP_SCHEMA = 'iglu:dev.sleet/campaign_signup/jsonschema/1-0-0';
export const ECOMMERCE_PAGE_SCHEMA = 'iglu:com.snowplowanalytics.snowplow.ecommerce/page/jsonschema/1-0-0';
export const LINK_TEXT = 'Shop the sale';
export const INVALID_MARKER = 'not-an-email';

export const landingPageEntity = { schema: ECOMMERCE_PAGE_SCHEMA, data: { type: 'campaign_landing', language: 'en', locale: 'en-GB' } };
export const storePageEntity = { schema: ECOMMERCE_PAGE_SCHEMA, data: { type: 'product', language: 'en', locale: 'en-GB' } };
export const visitorSignup = { schema: SIGNUP_SCHEMA, data: { campaignId: 'spring_sale', email: VISITOR_USER_ID, marketingConsent: true } };
// Breaks the schema three ways: empty campaignId, not an email, consent not a boolean.
export const invalidSignup = { schema: SIGNUP_SCHEMA, data: { campaignId: '', email: INVALID_MARKER, marketingConsent: 'yes' } };
export const serverSignup = { schema: SIGNUP_SCHEMA, data: { campaignId: 'spring_sale', email: SERVER_USER_ID, referralCode: null } };
export const serverEntity = { schema: ECOMMERCE_PAGE_SCHEMA, data: { type: 'order_status', language: 'en' } };

export const pseudonymised = (value: string) => createHash('sha256').update(value + PII_SALT, 'utf8').digest('hex');
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TSV_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

export function tsvTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

