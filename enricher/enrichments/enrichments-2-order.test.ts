/**
 * The enrichments of docs/enrichments-2.md together, run the way the pipeline runs them (spec/enrich.md §4.0): in
 * ENRICHMENT_SLOTS order, each step's contexts prepended to derived_contexts. Checks the final derived-context order
 * and that anon_ip and PII, running last, see everything the others produced.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'lossless-json';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { anonIpFactory } from './anon_ip';
import { campaignAttributionFactory } from './campaign_attribution';
import { cookieExtractorFactory } from './cookie_extractor';
import { crossNavigationFactory } from './cross_navigation';
import { Enrichment, ENRICHMENT_SLOTS, EnrichmentFailureMessage, EnrichmentInput } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import { eventFingerprintFactory } from './event_fingerprint';
import { httpHeaderExtractorFactory } from './http_header_extractor';
import { javascriptScriptFactory } from './javascript_script';
import { piiFactory } from './pii';
import { refererParserFactory } from './referer_parser';

const DUID = 'c0b1c5a3-62e4-4f34-8b6f-0f3a1a4a0f01';
const SALT = 'order-test-salt';
const sha1 = (v: string) => createHash('sha1').update(v + SALT).digest('hex');

function runPipeline(enrichments: readonly Enrichment[], input: EnrichmentInput): EnrichmentFailureMessage[] {
  const failures: EnrichmentFailureMessage[] = [];
  for (const slot of ENRICHMENT_SLOTS) {
    for (const enrichment of enrichments.filter((e) => e.slot === slot)) {
      const result = enrichment.enrich(input);
      if (result?.contexts) input.event.derived_contexts = [...result.contexts, ...input.event.derived_contexts];
      if (result?.failures) failures.push(...result.failures);
    }
  }
  return failures;
}

describe('docs/enrichments-2.md enrichments together', () => {
  let enrichments: Enrichment[] = [];
  afterAll(() => enrichments.forEach((e) => e.close?.()));

  test('derived contexts in reverse execution order; anon_ip then PII last', async () => {
    const files = { 'referers.json': JSON.stringify({ search: { Google: { domains: ['google.com'], parameters: ['q'] } } }) };
    const ctx = testFactoryContext('enrichments/', files);
    const pii = {
      pii: [
        { pojo: { field: 'user_ipaddress' } },
        { pojo: { field: 'refr_domain_userid' } },
        { json: { field: 'derived_contexts', schemaCriterion: 'iglu:org.ietf/http_cookie/jsonschema/1-*-*', jsonPath: '$.value' } },
        { json: { field: 'derived_contexts', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-*-*', jsonPath: '$.domain_user_id' } },
      ],
      strategy: { pseudonymize: { hashFunction: 'SHA-1', salt: SALT } },
    };
    const script = Buffer.from(
      "function process(event) { return [{ schema: 'iglu:com.acme/js/jsonschema/1-0-0', data: { sawContexts: JSON.parse(event.getDerived_contexts()).data.length } }]; }",
    ).toString('base64');
    // Built in an arbitrary order on purpose: the slots decide the order of execution.
    enrichments = await Promise.all([
      piiFactory.create(pii, ctx, 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-1'),
      javascriptScriptFactory.create({ script }, ctx, 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0'),
      anonIpFactory.create({ anonOctets: 1 }, ctx, 's'),
      httpHeaderExtractorFactory.create({ headersPattern: 'X-Campaign' }, ctx, 's'),
      cookieExtractorFactory.create({ cookies: ['sp'] }, ctx, 's'),
      crossNavigationFactory.create(undefined, ctx, 'iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0'),
      eventFingerprintFactory.create({ hashAlgorithm: 'MD5', excludeParameters: ['eid'] }, ctx, 's'),
      campaignAttributionFactory.create(
        { fields: { mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: [], mktContent: [], mktCampaign: ['utm_campaign'] } },
        ctx,
        's',
      ),
      refererParserFactory.create({ uri: 'file:///db/', database: 'referers.json', internalDomains: [] }, ctx, 's'),
    ]);

    const event = emptyEnrichedEvent();
    event.user_ipaddress = '203.0.113.77';
    event.page_urlhost = 'shop.campaign-b.example';
    event.page_urlquery = `utm_source=newsletter&utm_medium=email&utm_campaign=spring&_sp=${DUID}.1614834367120`;
    Object.assign(event, { refr_urlscheme: 'https', refr_urlhost: 'www.google.com', refr_urlpath: '/search', refr_urlquery: 'q=shoes' });
    const input = testInput(event, {
      headers: ['X-Campaign: spring', 'Cookie: sp=9d3ff2c4-nuid; other=1'],
      parameters: { e: 'pv', eid: 'x', url: 'https://shop.campaign-b.example/' },
    });

    expect(runPipeline(enrichments, input)).toEqual([]);

    expect(event.derived_contexts.map((c) => c.schema)).toEqual([
      'iglu:com.acme/js/jsonschema/1-0-0',
      'iglu:org.ietf/http_header/jsonschema/1-0-0',
      'iglu:org.ietf/http_cookie/jsonschema/1-0-0',
      'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0',
    ]);
    expect(stringify(event.derived_contexts[0].data)).toBe('{"sawContexts":3}');
    expect([event.refr_medium, event.refr_source, event.refr_term]).toEqual(['search', 'Google', 'shoes']);
    expect([event.mkt_source, event.mkt_medium, event.mkt_campaign]).toEqual(['newsletter', 'email', 'spring']);
    expect(event.event_fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // anon_ip ran before PII: the hash is of the anonymised address.
    expect(event.user_ipaddress).toBe(sha1('203.0.113.x'));
    expect(event.refr_domain_userid).toBe(sha1(DUID));
    expect(event.derived_contexts[2].data).toEqual({ name: 'sp', value: sha1('9d3ff2c4-nuid') });
    expect((event.derived_contexts[3].data as { domain_user_id: string }).domain_user_id).toBe(sha1(DUID));
    // The `_sp` value stays in page_url / page_urlquery, as in Enrich (PII cannot select those columns).
    const line = stringify({ ...event, page_urlquery: null }) ?? '';
    for (const secret of ['203.0.113', DUID, '9d3ff2c4-nuid']) expect(line).not.toContain(secret);
  });
});
