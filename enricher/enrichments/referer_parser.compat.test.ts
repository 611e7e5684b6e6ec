/**
 * Compatibility tier: the referer-parser project's own test cases (../shared/fixtures/referer-parser, Apache-2.0)
 * run through the enrichment with the settings of its Scala test (page host www.snowplowanalytics.com, two internal
 * domains). The GPL database is not used: the database below was written for this test, with one entry per source
 * the cases name, and entries placed so that the lookup's path, first-segment and parent-domain steps are exercised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyEnrichedEvent } from '../model/enriched-event';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import { refererParserFactory } from './referer_parser';

const FIXTURES = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'referer-parser');

interface RefererCase {
  spec: string;
  uri: string;
  medium: string;
  source: string | null;
  term: string | null;
}

const TEST_DATABASE = {
  search: {
    'Google Images': { domains: ['google.fr/imgres', 'google.com/imgres'], parameters: ['q'] },
    Google: { domains: ['google.com', 'google.fr', 'isearch.avg.com'], parameters: ['q'] },
    'Yahoo! Images': { domains: ['images.search.yahoo.com'], parameters: ['p'] },
    'Yahoo!': { domains: ['search.yahoo.com'], parameters: ['p'] },
    PriceRunner: { domains: ['pricerunner.co.uk'], parameters: ['q'] },
    'Bing Images': { domains: ['bing.com/images'], parameters: ['q'] },
    Bing: { domains: ['bing.com'], parameters: ['q'] },
    IXquick: { domains: ['ixquick.com'], parameters: ['query'] },
    AOL: { domains: ['aolsearch.aol.co.uk', 'aolsearch.com'], parameters: ['q', 'query'] },
    Ask: { domains: ['search-results.com'], parameters: ['q'] },
    'Mail.ru': { domains: ['go.mail.ru'], parameters: ['q'] },
    'Yandex Images': { domains: ['images.yandex.ru'], parameters: ['text'] },
    'Ask Toolbar': { domains: ['search.tb.ask.com'], parameters: ['searchfor', 'q'] },
    Voila: { domains: ['voila.fr'], parameters: ['kw', 'rdata'] },
    Dalesearch: { domains: ['dalesearch.com'], parameters: ['q'] },
  },
  social: {
    Twitter: { domains: ['t.co', 'twitter.com'] },
    Facebook: { domains: ['facebook.com'] },
    Odnoklassniki: { domains: ['odnoklassniki.ru'] },
    Tumblr: { domains: ['tumblr.com'] },
  },
  email: {
    'Yahoo! Mail': { domains: ['mail.yahoo.net'] },
    'Outlook.com': { domains: ['mail.live.com'] },
    'Orange Webmail': { domains: ['orange.fr/webmail'] },
  },
};

const PARAMS = {
  uri: 'file:///referer-parser/',
  database: 'referers-test.json',
  internalDomains: ['www.subdomain1.snowplowanalytics.com', 'www.subdomain2.snowplowanalytics.com'],
};

/** What the pipeline puts in refr_url* (raw path and query of java.net.URI). */
function refererEvent(uri: string) {
  const e = emptyEnrichedEvent();
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#:]*)(?::\d+)?([^?#]*)(?:\?([^#]*))?/i.exec(uri);
  if (m === null) throw new Error(`unparseable test uri ${uri}`);
  e.refr_urlscheme = m[1];
  e.refr_urlhost = m[2];
  e.refr_urlpath = m[3] || null;
  e.refr_urlquery = m[4] || null;
  e.page_urlhost = 'www.snowplowanalytics.com';
  return e;
}

describe('referer-parser test cases (../shared/fixtures/referer-parser)', () => {
  const cases = JSON.parse(readFileSync(join(FIXTURES, 'referer-tests.json'), 'utf8')) as RefererCase[];

  test('the fixture has the 31 cases its README describes', () => {
    expect(cases).toHaveLength(31);
  });

  test.each(cases.map((c) => [c.spec, c] as const))('%s', async (_spec, c) => {
    const ctx = testFactoryContext('compat', { 'referers-test.json': JSON.stringify(TEST_DATABASE) });
    const enrichment = await refererParserFactory.create(PARAMS, ctx, 'iglu:com.snowplowanalytics.snowplow/referer_parser/jsonschema/2-0-0');
    const e = refererEvent(c.uri);
    enrichment.enrich(testInput(e));
    expect({ medium: e.refr_medium, source: e.refr_source, term: e.refr_term }).toEqual({
      medium: c.medium,
      source: c.source,
      term: c.term,
    });
  });

  test('custom-referers.json: https://www.example.org/?query=hello+world → search / Example / hello world', async () => {
    const ctx = testFactoryContext('compat', { 'custom-referers.json': readFileSync(join(FIXTURES, 'custom-referers.json'), 'utf8') });
    const enrichment = await refererParserFactory.create({ ...PARAMS, database: 'custom-referers.json' }, ctx, 's');
    const e = refererEvent('https://www.example.org/?query=hello+world');
    enrichment.enrich(testInput(e));
    expect([e.refr_medium, e.refr_source, e.refr_term]).toEqual(['search', 'Example', 'hello world']);
  });
});
