import { emptyEnrichedEvent, EnrichedEvent } from '../model/enriched-event';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import { compileRefererDatabase, lookupReferer } from './referer-parser-database';
import { refererParserFactory } from './referer_parser';

/** A database written for these tests, in Snowplow's referers JSON format. */
const DATABASE = {
  unknown: { 'Google Product Search': { domains: ['google.com/products'] } },
  search: {
    Google: { domains: ['google.com', 'google.de'], parameters: ['q', 'query'] },
    'Google Images': { domains: ['google.com/imgres', 'images.google.com'], parameters: ['q'] },
    Example: { domains: ['search.example.org/find'], parameters: ['k'] },
  },
  social: { Facebook: { domains: ['facebook.com', 'fb.me'] } },
  email: { 'Orange Webmail': { domains: ['orange.fr/webmail'] } },
  paid: { Criteo: { domains: ['criteo.com'] } },
  chatbot: { ChatGPT: { domains: ['chatgpt.com'] } },
};
const PARAMS = {
  uri: 'https://assets.example.com/third-party/referer-parser/',
  database: 'referers-test.json',
  internalDomains: ['www.subdomain1.example.com', ' shop.example.com '],
};
const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/referer_parser/jsonschema/2-0-1';

function context(db: unknown = DATABASE) {
  return testFactoryContext('enrichments/referer_parser.json', { 'referers-test.json': JSON.stringify(db) });
}

function event(refr: string, pageHost: string | null = 'www.example.com'): EnrichedEvent {
  const e = emptyEnrichedEvent();
  const u = new URL(refr);
  e.refr_urlscheme = u.protocol.replace(/:$/, '');
  e.refr_urlhost = u.hostname || null;
  e.refr_urlpath = u.pathname || null;
  e.refr_urlquery = u.search.replace(/^\?/, '') || null;
  e.page_urlhost = pageHost;
  return e;
}

async function classify(refr: string, params: object = PARAMS, pageHost?: string | null) {
  const enrichment = await refererParserFactory.create(params, context(), SCHEMA);
  const e = event(refr, pageHost);
  expect(enrichment.enrich(testInput(e))).toBeUndefined();
  return [e.refr_medium, e.refr_source, e.refr_term];
}

describe('referer_parser (spec/enrich.md §4.7)', () => {
  test.each([
    ['https://www.google.com/search?q=gateway+oracle+cards&hl=en', ['search', 'Google', 'gateway oracle cards']],
    ['https://www.google.com/search?hl=en&query=second+name', ['search', 'Google', 'second name']],
    ['https://www.google.com/search?query=a&q=b', ['search', 'Google', 'a']],
    ['https://www.google.com/search?q=first&q=second', ['search', 'Google', 'first']],
    ['https://www.google.com/search', ['search', 'Google', null]],
    ['https://www.google.com/imgres?q=cards', ['search', 'Google Images', 'cards']],
    ['https://images.google.com/x?q=cards', ['search', 'Google Images', 'cards']],
    ['https://www.google.com/products/123?q=p', ['unknown', 'Google Product Search', null]],
    ['https://www.google.de/?q=%C3%BCber+uns', ['search', 'Google', 'über uns']],
    // Enrich's own black-box case: the decoded term is made TSV-safe (newline dropped, tabs → 4 spaces).
    [
      'http://www.google.com/search?q=%0Agateway%09oracle%09cards%09denise%09linn&hl=en&client=safari',
      ['search', 'Google', 'gateway    oracle    cards    denise    linn'],
    ],
    ['https://search.example.org/find/more?k=a%09b', ['search', 'Example', 'a    b']],
    ['https://m.facebook.com/l.php?u=x', ['social', 'Facebook', null]],
    ['http://webmail1m.orange.fr/webmail/fr_FR/read.html', ['email', 'Orange Webmail', null]],
    ['https://ad.criteo.com/?q=x', ['paid', 'Criteo', null]],
    ['https://chatgpt.com/', ['chatbot', 'ChatGPT', null]],
    ['https://www.unlisted.net/?q=x', ['unknown', null, null]],
    ['android-app://com.google.android.gm/', ['unknown', null, null]],
  ])('%s', async (refr, expected) => {
    expect(await classify(refr)).toEqual(expected);
  });

  test('internal: same host as the page (exact, case-sensitive) or a trimmed internalDomains entry', async () => {
    expect(await classify('https://www.example.com/about')).toEqual(['internal', null, null]);
    expect(await classify('https://shop.example.com/cart')).toEqual(['internal', null, null]);
    expect(await classify('https://www.subdomain1.example.com/x')).toEqual(['internal', null, null]);
    expect(await classify('https://www.google.com/?q=x', PARAMS, 'www.google.com')).toEqual(['internal', null, null]);
    expect(await classify('https://sub.www.example.com/')).toEqual(['unknown', null, null]);
  });

  test('other schemes or no referrer → nothing set', async () => {
    expect(await classify('ftp://www.google.com/?q=x')).toEqual([null, null, null]);
    expect(await classify('file:///tmp/x')).toEqual([null, null, null]);
    const enrichment = await refererParserFactory.create(PARAMS, context(), SCHEMA);
    const e = emptyEnrichedEvent();
    enrichment.enrich(testInput(e));
    expect([e.refr_medium, e.refr_source, e.refr_term]).toEqual([null, null, null]);
  });

  test('inline referrers (2-0-1) are added on top of the file and override it', async () => {
    const params = {
      ...PARAMS,
      referrers: { search: { 'My Search': { domains: ['find.example.net', 'google.de'], parameters: ['s'] } } },
    };
    expect(await classify('https://find.example.net/?s=shoes', params)).toEqual(['search', 'My Search', 'shoes']);
    expect(await classify('https://www.google.de/?s=x&q=y', params)).toEqual(['search', 'My Search', 'x']);
  });

  test('YAML databases are read too', async () => {
    const ctx = testFactoryContext('f', { 'referers.yml': 'search:\n  Yaml:\n    domains: [yaml.example]\n    parameters: [q]\n' });
    const enrichment = await refererParserFactory.create({ ...PARAMS, database: 'referers.yml' }, ctx, SCHEMA);
    const e = event('https://yaml.example/?q=hi');
    enrichment.enrich(testInput(e));
    expect([e.refr_medium, e.refr_source, e.refr_term]).toEqual(['search', 'Yaml', 'hi']);
  });

  test('the database is fetched from uri + database and reloaded on refresh; a bad refresh keeps the old one', async () => {
    const ctx = context();
    const enrichment = await refererParserFactory.create(PARAMS, ctx, SCHEMA);
    expect(ctx.fetched).toEqual(['https://assets.example.com/third-party/referer-parser/referers-test.json']);
    ctx.refresh('referers-test.json', JSON.stringify({ social: { Unlisted: { domains: ['unlisted.net'] } } }));
    const e = event('https://www.unlisted.net/');
    enrichment.enrich(testInput(e));
    expect([e.refr_medium, e.refr_source]).toEqual(['social', 'Unlisted']);
    ctx.refresh('referers-test.json', '{not json');
    const e2 = event('https://www.unlisted.net/');
    enrichment.enrich(testInput(e2));
    expect([e2.refr_medium, e2.refr_source]).toEqual(['social', 'Unlisted']);
  });

  test('hostile referrer fields never throw', async () => {
    const enrichment = await refererParserFactory.create(PARAMS, context(), SCHEMA);
    const hosts = ['.', '..', 'a'.repeat(100_000), '.'.repeat(10_000), 'google.com.', '[::1]'];
    for (const host of hosts) {
      const e = emptyEnrichedEvent();
      e.refr_urlscheme = 'https';
      e.refr_urlhost = host;
      e.refr_urlpath = '/'.repeat(10_000);
      e.refr_urlquery = '%'.repeat(10_000);
      expect(() => enrichment.enrich(testInput(e))).not.toThrow();
    }
  });

  test('lookup order: host+path, host+first segment, parent domains, then hosts without path', () => {
    const db = compileRefererDatabase(
      { search: { A: { domains: ['a.com/x/y'] }, B: { domains: ['a.com/x'] }, C: { domains: ['b.a.com'] }, D: { domains: ['a.com'] } } },
      'db',
    );
    expect(lookupReferer(db, 'b.a.com', '/x/y')?.source).toBe('A');
    expect(lookupReferer(db, 'b.a.com', '/x/z')?.source).toBe('B');
    expect(lookupReferer(db, 'b.a.com', '/q')?.source).toBe('C');
    expect(lookupReferer(db, 'c.a.com', '/q')?.source).toBe('D');
    expect(lookupReferer(db, 'com', '')).toBeUndefined();
  });
});

describe('referer_parser config errors', () => {
  test.each([
    [{ ...PARAMS, uri: undefined }, /parameters.uri must be/],
    [{ ...PARAMS, database: '' }, /parameters.database must be/],
    [{ ...PARAMS, internalDomains: 'example.com' }, /internalDomains must be an array/],
    [{ ...PARAMS, extra: 1 }, /unknown parameter "extra"/],
    [{ ...PARAMS, referrers: { search: { X: { domains: [] } } } }, /parameters.referrers: search.X.domains must be a non-empty array/],
    [{ ...PARAMS, referrers: { search: { X: { domains: ['x'], params: ['q'] } } } }, /has unknown key "params"/],
  ])('%j', async (params, message) => {
    const created = refererParserFactory.create(params, context(), SCHEMA);
    await expect(created).rejects.toThrow(EnrichmentConfigError);
    await expect(created).rejects.toThrow(message);
  });

  test.each([
    ['{"search": ', /cannot parse referer database referers-test.json/],
    ['[]', /expected an object of mediums, got an array/],
    ['{"Search Engines": {}}', /invalid medium name "Search Engines"/],
    ['{"search": {"G": {"domains": "google.com"}}}', /search.G.domains must be a non-empty array/],
    ['{"search": {"G": {"domains": ["g"], "parameters": "q"}}}', /search.G.parameters must be an array/],
  ])('database %s', async (text, message) => {
    const ctx = testFactoryContext('enrichments/referer_parser.json', { 'referers-test.json': text });
    const created = refererParserFactory.create(PARAMS, ctx, SCHEMA);
    await expect(created).rejects.toThrow(EnrichmentConfigError);
    await expect(created).rejects.toThrow(message);
    await expect(created).rejects.toThrow(/enrichments\/referer_parser.json \(referer_parser\)/);
  });

  test('a missing database file is a start-up error from fetchFile', async () => {
    const created = refererParserFactory.create(PARAMS, testFactoryContext('f', {}), SCHEMA);
    await expect(created).rejects.toThrow(/no such file/);
  });
});
