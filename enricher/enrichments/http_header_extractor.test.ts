import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './enrichments-2-test-support';
import {
  compileJavaWholeMatch,
  extractHeaders,
  HTTP_HEADER_SCHEMA,
  httpHeaderExtractorFactory,
  parseHttpHeaderExtractorConfig,
} from './http_header_extractor';

const headers = [
  'Host: collector.example.com',
  'X-Forwarded-For: 1.2.3.4',
  'X-Request-Id:  abc  ',
  'x-lower: 1',
  'Accept-Language: en',
  'not a header',
  ' X-Padded : v',
];

describe('http_header_extractor_config (spec/enrich.md §4.11)', () => {
  test('whole-name, case-sensitive match; trimmed name and value; header order', async () => {
    const enrichment = await httpHeaderExtractorFactory.create({ headersPattern: 'X-.*' }, testFactoryContext(), 's');
    expect(enrichment.slot).toBe('http_header_extractor');
    expect(enrichment.enrich(testInput(undefined, { headers }))).toEqual({
      contexts: [
        { schema: HTTP_HEADER_SCHEMA, data: { name: 'X-Forwarded-For', value: '1.2.3.4' } },
        { schema: HTTP_HEADER_SCHEMA, data: { name: 'X-Request-Id', value: 'abc' } },
      ],
    });
  });

  test('the pattern must match the whole name', () => {
    expect(extractHeaders(headers, compileJavaWholeMatch('Host|Accept'))).toEqual([
      { schema: HTTP_HEADER_SCHEMA, data: { name: 'Host', value: 'collector.example.com' } },
    ]);
    expect(extractHeaders(headers, compileJavaWholeMatch('.*'))).toHaveLength(6);
    expect(extractHeaders(headers, compileJavaWholeMatch('\\s*X-Padded\\s*'))).toEqual([
      { schema: HTTP_HEADER_SCHEMA, data: { name: 'X-Padded', value: 'v' } },
    ]);
  });

  test('(?i) prefix becomes case-insensitive', () => {
    expect(extractHeaders(headers, compileJavaWholeMatch('(?i)x-lower|HOST')).map((c) => (c.data as { name: string }).name)).toEqual([
      'Host',
      'x-lower',
    ]);
  });

  test('no matching header → nothing; huge headers are fine', async () => {
    const enrichment = await httpHeaderExtractorFactory.create({ headersPattern: 'Nope' }, testFactoryContext(), 's');
    expect(enrichment.enrich(testInput(undefined, { headers }))).toBeUndefined();
    const big = extractHeaders([`X-Big: ${'v'.repeat(1_000_000)}`], compileJavaWholeMatch('X-Big'));
    expect((big[0].data as { value: string }).value).toHaveLength(1_000_000);
  });

  test.each([
    [{}, /headersPattern must be a regex string/],
    [{ headersPattern: '([a-z' }, /is not a valid regex/],
    [{ headersPattern: 'a++' }, /is not a valid regex/],
    [{ headersPattern: '.*', more: 1 }, /unknown parameter "more"/],
  ])('config %j is rejected', (parameters, message) => {
    expect(() => parseHttpHeaderExtractorConfig(parameters, 'f')).toThrow(EnrichmentConfigError);
    expect(() => parseHttpHeaderExtractorConfig(parameters, 'f')).toThrow(message);
  });
});
