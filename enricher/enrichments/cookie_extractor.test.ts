import { cookieExtractorFactory, extractCookies, HTTP_COOKIE_SCHEMA, parseCookieExtractorConfig } from './cookie_extractor';
import { parseCookieHeader } from './cookie-extractor-header';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';

describe('parseCookieHeader', () => {
  test.each([
    ['a=b; c=d', [['a', 'b'], ['c', 'd']]],
    [' a = b ;c=d;', [['a', 'b'], ['c', 'd']]],
    ['ck1; =cv2; ck3=; ck4=cv4; ck5="cv5"', [['ck1', null], ['', 'cv2'], ['ck3', ''], ['ck4', 'cv4'], ['ck5', 'cv5']]],
    ['q="a;b\\"c"; n=1', [['q', 'a;b"c'], ['n', '1']]],
    ['q="unterminated; n=1', [['q', 'unterminated; n=1']]],
    ['sp=7f3c=9=x', [['sp', '7f3c=9=x']]],
    ['', []],
    [';;;', []],
  ])('%j', (header, expected) => {
    expect(parseCookieHeader(header).map((p) => [p.name, p.value])).toEqual(expected);
  });
});

describe('cookie_extractor_config (spec/enrich.md §4.10)', () => {
  test('one http_cookie context per wanted cookie, in header order, any Cookie header case', async () => {
    const enrichment = await cookieExtractorFactory.create({ cookies: ['sp', 'ck5', ''] }, testFactoryContext(), 's');
    expect(enrichment.slot).toBe('cookie_extractor');
    const headers = [
      'Host: collector.example.com',
      'Cookie: sp=abc-123; other=1; ck5="quoted value"',
      'X-Cookie: sp=not-a-cookie-header',
      'cookie: sp=second',
      'Set-Cookie: sp=response-only',
      'COOKIE',
    ];
    expect(enrichment.enrich(testInput(undefined, { headers }))).toEqual({
      contexts: [
        { schema: HTTP_COOKIE_SCHEMA, data: { name: 'sp', value: 'abc-123' } },
        { schema: HTTP_COOKIE_SCHEMA, data: { name: 'ck5', value: 'quoted value' } },
        { schema: HTTP_COOKIE_SCHEMA, data: { name: 'sp', value: 'second' } },
      ],
    });
  });

  test('no match, no cookie headers, or no wanted names → nothing', async () => {
    expect(extractCookies(['Cookie: a=1'], new Set(['sp']))).toEqual([]);
    expect(extractCookies([], new Set(['sp']))).toEqual([]);
    const enrichment = await cookieExtractorFactory.create({ cookies: [] }, testFactoryContext(), 's');
    expect(enrichment.enrich(testInput(undefined, { headers: ['Cookie: sp=1'] }))).toBeUndefined();
  });

  test('weird and huge cookie headers never throw', () => {
    const huge = `Cookie: ${'x=1; '.repeat(50_000)}sp=${'v'.repeat(100_000)}`;
    const contexts = extractCookies([huge, 'Cookie:', 'Cookie: ===;;"";\\', 'Cookie: sp="\\'], new Set(['sp']));
    expect(contexts.map((c) => (c.data as { value: string }).value.length)).toEqual([100_000, 1]); // a lone trailing backslash stays literal
  });

  test.each([
    [{}, /cookies must be an array/],
    [{ cookies: 'sp' }, /cookies must be an array/],
    [{ cookies: ['sp'], other: 1 }, /unknown parameter "other"/],
    ['x', /parameters must be an object/],
  ])('config %j is rejected', (parameters, message) => {
    expect(() => parseCookieExtractorConfig(parameters, 'f')).toThrow(EnrichmentConfigError);
    expect(() => parseCookieExtractorConfig(parameters, 'f')).toThrow(message);
  });
});
