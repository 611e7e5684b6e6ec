import { emptyEnrichedEvent, EnrichedEvent } from '../model/enriched-event';
import { campaignAttributionFactory, createCampaignAttribution, parseCampaignAttributionConfig } from './campaign_attribution';
import { decodeFormComponent, parseQuerystring } from './campaign-attribution-querystring';
import { scalaMapOrder } from './campaign-attribution-scala-map-order';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';

/** Snowplow's shipped example config (config/enrichments/campaign_attribution.json). */
const UTM_FIELDS = {
  mktMedium: ['utm_medium', 'medium'],
  mktSource: ['utm_source', 'source'],
  mktTerm: ['utm_term', 'legacy_term'],
  mktContent: ['utm_content'],
  mktCampaign: ['utm_campaign', 'cid', 'legacy_campaign'],
};

async function run(query: string | null, fields: object = UTM_FIELDS): Promise<EnrichedEvent> {
  const enrichment = await campaignAttributionFactory.create({ mapping: 'static', fields }, testFactoryContext(), 's');
  const event = emptyEnrichedEvent();
  event.page_urlquery = query;
  expect(enrichment.enrich(testInput(event))).toBeUndefined();
  return event;
}

const mkt = (e: EnrichedEvent) => [e.mkt_medium, e.mkt_source, e.mkt_term, e.mkt_content, e.mkt_campaign, e.mkt_clickid, e.mkt_network];

describe('campaign_attribution (spec/enrich.md §4.6)', () => {
  test('utm parameters → mkt_* (decoded, + as space)', async () => {
    const e = await run('utm_source=google&utm_medium=cpc&utm_term=buy+shoes%20now&utm_content=ad%C3%A9&utm_campaign=spring');
    expect(mkt(e)).toEqual(['cpc', 'google', 'buy shoes now', 'adé', 'spring', null, null]);
  });

  test('first configured name present wins, whatever the querystring order', async () => {
    const e = await run('cid=second&utm_campaign=first&medium=m&legacy_term=t');
    expect(mkt(e)).toEqual(['m', null, 't', null, 'first', null, null]);
  });

  test('; separates parameters, the last duplicate wins, malformed escapes stay literal', async () => {
    const e = await run('utm_source=a;utm_source=b&utm_medium=100%&utm_term=%zz%C3');
    expect([e.mkt_source, e.mkt_medium, e.mkt_term]).toEqual(['b', '100%', '%zz\uFFFD']);
  });

  test('values are made TSV-safe; empty becomes null', async () => {
    const e = await run('utm_source=a%09b%0Ac&utm_medium=&utm_term=%01');
    expect([e.mkt_source, e.mkt_medium, e.mkt_term]).toEqual(['a    bc', null, null]);
  });

  test('no querystring → nothing set', async () => {
    expect(mkt(await run(null))).toEqual([null, null, null, null, null, null, null]);
    expect(mkt(await run(''))).toEqual([null, null, null, null, null, null, null]);
  });

  test('built-in click ids: gclid before msclkid before dclid', async () => {
    expect(mkt(await run('dclid=d1&msclkid=m1&gclid=g1')).slice(5)).toEqual(['g1', 'Google']);
    expect(mkt(await run('dclid=d1&msclkid=m1')).slice(5)).toEqual(['m1', 'Microsoft']);
    expect(mkt(await run('dclid=d1')).slice(5)).toEqual(['d1', 'DoubleClick']);
  });

  test('mktClickId adds networks and overrides built-in names', async () => {
    const fields = { ...UTM_FIELDS, mktClickId: { gclid: 'Google Ads', fbclid: 'Facebook' } };
    expect(mkt(await run('fbclid=f1', fields)).slice(5)).toEqual(['f1', 'Facebook']);
    expect(mkt(await run('fbclid=f1&gclid=g1', fields)).slice(5)).toEqual(['g1', 'Google Ads']);
  });

  test('more than 4 click ids follow Scala HashMap order', () => {
    const config = parseCampaignAttributionConfig(
      { fields: { ...UTM_FIELDS, mktClickId: { fbclid: 'Facebook', ttclid: 'TikTok' } } },
      'f',
    );
    expect(config.clickIds.map(([p]) => p)).toEqual(scalaMapOrder(['gclid', 'msclkid', 'dclid', 'fbclid', 'ttclid']));
    expect(config.clickIds.map(([p]) => p).sort()).toEqual(['dclid', 'fbclid', 'gclid', 'msclkid', 'ttclid']);
  });

  test('hostile querystrings never throw', async () => {
    const enrichment = createCampaignAttribution(parseCampaignAttributionConfig({ fields: UTM_FIELDS }, 'f'));
    for (const q of ['%', '&&&;;;=', '=x', '%E0%A4%A', 'utm_source=' + '%FF'.repeat(100_000), 'a='.repeat(100_000)]) {
      const event = emptyEnrichedEvent();
      event.page_urlquery = q;
      expect(() => enrichment.enrich(testInput(event))).not.toThrow();
    }
  });

  test.each([
    [{}, /parameters.fields must be an object/],
    [{ fields: { ...UTM_FIELDS, mktTerm: undefined } }, /parameters.fields.mktTerm must be an array/],
    [{ fields: { ...UTM_FIELDS, mktSource: 'utm_source' } }, /parameters.fields.mktSource must be an array/],
    [{ fields: { ...UTM_FIELDS, mktClickId: ['gclid'] } }, /mktClickId must be an object/],
    [{ fields: { ...UTM_FIELDS, mktClickId: { gclid: 1 } } }, /mktClickId must be an object/],
    [{ fields: { ...UTM_FIELDS, mktNetwork: [] } }, /unknown field "parameters.fields.mktNetwork"/],
    [{ mapping: 'script', fields: UTM_FIELDS }, /mapping "script" is not supported/],
    [{ fields: UTM_FIELDS, extra: true }, /unknown parameter "extra"/],
  ])('config %j is rejected', (parameters, message) => {
    expect(() => parseCampaignAttributionConfig(parameters, 'f')).toThrow(EnrichmentConfigError);
    expect(() => parseCampaignAttributionConfig(parameters, 'f')).toThrow(message);
  });
});

describe('querystring decoding (URLEncodedUtils semantics)', () => {
  test('names without = have a null value; whitespace trimmed', () => {
    expect([...parseQuerystring('a&b=&c=1& d = 2 ')]).toEqual([
      ['a', null],
      ['b', ''],
      ['c', '1'],
      ['d', '2'],
    ]);
  });
  test('decodeFormComponent', () => {
    expect(decodeFormComponent('a+b%2Bc%20d')).toBe('a b+c d');
    expect(decodeFormComponent('%F0%9F%98%80')).toBe('😀');
    expect(decodeFormComponent('%')).toBe('%');
    expect(decodeFormComponent('%4')).toBe('%4');
  });
});

describe('scalaMapOrder (spec/enrich.md §6.3)', () => {
  test('up to 4 keys keep insertion order', () => {
    expect(scalaMapOrder(['d', 'c', 'b', 'a'])).toEqual(['d', 'c', 'b', 'a']);
  });
  test('reproduces the cross_navigation key order given by the spec (§4.12)', () => {
    const inserted = ['domain_user_id', 'timestamp', 'session_id', 'user_id', 'source_id', 'source_platform', 'reason'];
    expect(scalaMapOrder(inserted)).toEqual([
      'session_id',
      'timestamp',
      'reason',
      'user_id',
      'source_id',
      'domain_user_id',
      'source_platform',
    ]);
  });
});
