/**
 * The stored CollectorPayload, field by field (spec/collector.md §4), as built from real HTTP requests.
 */
import { COLLECTOR_PAYLOAD_SCHEMA } from '../common/thrift';
import { COLLECTOR_VERSION_KINESIS } from '../common/version';
import { rawRequest, requestText, startTestCollector, TestCollector } from './test/harness';

const NUID = 'c9d0cae4-5a5e-4c4b-9d6f-0b8d8a3b2f1e';

describe('CollectorPayload from a request', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  });
  afterAll(() => c.close());
  afterEach(() => c.takePayloads());

  it('sets every field like collector 3.x: headers as sent, Cookie sanitised, bare content type last', async () => {
    const body = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","p":"web","tv":"js-4.10.1","url":"https://shop.example/é"}]}';
    const headers: Array<[string, string]> = [
      ['Host', 'c.shop.example:8080'],
      ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64)'],
      ['Referer', 'https://shop.example/page?x=1'],
      ['content-type', 'application/json;charset=UTF-8'],
      ['X-Forwarded-For', '192.0.2.4, 10.0.0.1'],
      ['cookie', `cookie=value; sp=${NUID}; {"key": "value"}`],
      ['Accept-Language', 'en-GB'],
    ];
    const before = Date.now();
    await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2?a=b', headers, body));
    const [p] = c.takePayloads();
    const length = Buffer.byteLength(body);
    expect(p).toEqual({
      schema: COLLECTOR_PAYLOAD_SCHEMA,
      ipAddress: '192.0.2.4',
      timestamp: expect.any(Number),
      encoding: 'UTF-8',
      collector: COLLECTOR_VERSION_KINESIS,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      refererUri: 'https://shop.example/page?x=1',
      path: '/com.snowplowanalytics.snowplow/tp2',
      querystring: 'a=b',
      body,
      headers: [
        'Host: c.shop.example:8080',
        'User-Agent: Mozilla/5.0 (X11; Linux x86_64)',
        'Referer: https://shop.example/page?x=1',
        'content-type: application/json;charset=UTF-8',
        'X-Forwarded-For: 192.0.2.4, 10.0.0.1',
        `Cookie: cookie=value;sp=${NUID}`,
        'Accept-Language: en-GB',
        `Content-Length: ${length}`,
        'application/json; charset=utf-8',
      ],
      contentType: 'application/json; charset=utf-8',
      hostname: 'c.shop.example',
      networkUserId: NUID,
    });
    expect(p.timestamp).toBeGreaterThanOrEqual(before);
    expect(p.timestamp).toBeLessThanOrEqual(Date.now());
    expect(COLLECTOR_VERSION_KINESIS).toMatch(/^sleet-\d+\.\d+\.\d+.*-kinesis$/);
  });

  it('always sets querystring (empty when absent) and headers; body and content type only for POST', async () => {
    await rawRequest(c.port, requestText('GET', '/i', { 'Content-Type': 'text/plain' }));
    await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, ''));
    const [get, post] = c.takePayloads();
    expect([get.querystring, get.body, get.contentType, get.headers?.[get.headers.length - 1]]).toEqual(['', undefined, undefined, 'Content-Type: text/plain']);
    expect([post.querystring, post.body, post.contentType]).toEqual(['', '', undefined]);
  });

  it('keeps the raw querystring, percent-encoding and all', async () => {
    const q = 'stm=1&e=ue&ue_px=eyJzY2hlbWEiOiJpZ2x1In0&url=https%3A%2F%2Fshop.example%2F%3Fa%3D1&x=%C3%A9&y=a+b&z=';
    await rawRequest(c.port, requestText('GET', `/i?${q}`));
    expect(c.takePayloads()[0].querystring).toBe(q);
  });

  it('takes the IP from the first X-Forwarded-For entry, else the peer, in URI form', async () => {
    const cases: Array<[Array<[string, string]>, string]> = [
      [[['X-Forwarded-For', '192.0.2.4']], '192.0.2.4'],
      [[['X-Forwarded-For', ' 198.51.100.7 , 192.0.2.4']], '198.51.100.7'],
      [[['X-Forwarded-For', '2001:DB8:0:0::1, 192.0.2.4']], '[2001:db8::1]'],
      [[['X-Forwarded-For', 'unknown, 192.0.2.4']], 'unknown'],
      [[['X-Forwarded-For', '192.0.2.4:80']], '127.0.0.1'],
      [[['X-Forwarded-For', 'proxy.example, 192.0.2.4']], '127.0.0.1'],
      [[['X-Forwarded-For', '192.0.2.4, garbage']], '127.0.0.1'],
      [[['X-Forwarded-For', '192.0.2.4'], ['X-Forwarded-For', '198.51.100.1']], '192.0.2.4'],
      [[['X-Real-Ip', '192.0.2.4'], ['Forwarded', 'for=192.0.2.5']], '127.0.0.1'],
      [[], '127.0.0.1'],
    ];
    for (const [headers] of cases) await rawRequest(c.port, requestText('GET', '/i', headers));
    expect(c.takePayloads().map((p) => p.ipAddress)).toEqual(cases.map(([, ip]) => ip));
  });

  it('normalises the content type for enrich and decodes the body with its charset', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['application/json', 'application/json'],
      ['application/json; charset=UTF-8', 'application/json; charset=utf-8'],
      ['Application/JSON;Charset=utf8', 'application/json; charset=utf-8'],
      ['application/json; charset=foo', 'application/json'],
      ['application/x-www-form-urlencoded; charset=latin1', 'application/x-www-form-urlencoded; charset=iso-8859-1'],
      ['text/plain; format=flowed; charset="UTF-8"', 'text/plain; format=flowed; charset=utf-8'],
      ['not a content type', undefined],
      ['application/json;', 'application/json'],
    ];
    for (const [ct] of cases) await rawRequest(c.port, requestText('POST', '/com.acme/v1', { 'Content-Type': ct }, 'x'));
    const payloads = c.takePayloads();
    expect(payloads.map((p) => p.contentType)).toEqual(cases.map(([, n]) => n));
    for (const p of payloads) {
      if (p.contentType === undefined) expect(p.headers?.[p.headers.length - 1]).toBe('Content-Length: 1');
      else expect(p.headers?.[p.headers.length - 1]).toBe(p.contentType);
    }
    await rawRequest(c.port, requestText('POST', '/com.acme/v1', { 'Content-Type': 'text/plain; charset=iso-8859-1' }, Buffer.from([0x63, 0x61, 0x66, 0xe9])));
    await rawRequest(c.port, requestText('POST', '/com.acme/v1', { 'Content-Type': 'application/json' }, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    expect(c.takePayloads().map((p) => p.body)).toEqual(['café', '{\ufffd\ufffd}']);
  });
});
