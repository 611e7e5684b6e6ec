import { userAgentUtilsFactory } from './user-agent-utils';
import { testFactoryContext, testInput } from './testing/enrichment-input';

const FIELDS = ['br_name', 'br_family', 'br_version', 'br_type', 'br_renderengine', 'os_name', 'os_family', 'os_manufacturer', 'dvce_type', 'dvce_ismobile'] as const;

async function fieldsFor(ua: string | null) {
  const enrichment = await userAgentUtilsFactory.create(undefined, testFactoryContext().ctx, 'iglu:com.snowplowanalytics.snowplow/user_agent_utils_config/jsonschema/1-0-0');
  const input = testInput({ fields: { useragent: ua } });
  expect(enrichment.enrich(input)).toBeUndefined();
  return FIELDS.map((f) => input.event[f]);
}

describe('user_agent_utils_config (ua-parser-js mapped to UserAgentUtils names)', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      ['Chrome', 'Chrome', '124.0.0.0', 'Browser', 'BLINK', 'Windows 10', 'Windows', 'Microsoft Corporation', 'Computer', '0'],
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
      ['Microsoft Edge', 'Microsoft Edge', '124.0.0.0', 'Browser', 'BLINK', 'Windows 10', 'Windows', 'Microsoft Corporation', 'Computer', '0'],
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
      ['Safari', 'Safari', '17.4.1', 'Browser', 'WEBKIT', 'Mac OS X', 'Mac OS X', 'Apple Inc.', 'Computer', '0'],
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
      ['Mobile Safari', 'Safari', '17.4.1', 'Browser (mobile)', 'WEBKIT', 'iOS (iPhone)', 'iOS', 'Apple Inc.', 'Mobile', '1'],
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
      ['Mobile Safari', 'Safari', '16.6', 'Browser (mobile)', 'WEBKIT', 'iOS (iPad)', 'iOS', 'Apple Inc.', 'Tablet', '1'],
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
      ['Chrome Mobile', 'Chrome', '124.0.6367.82', 'Browser (mobile)', 'BLINK', 'Android 14.x', 'Android', 'Google Inc.', 'Mobile', '1'],
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
      ['Firefox', 'Firefox', '125.0', 'Browser', 'GECKO', 'Linux', 'Linux', 'Other', 'Computer', '0'],
    ],
    [
      'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
      ['Internet Explorer 11', 'Internet Explorer', '11.0', 'Browser', 'TRIDENT', 'Windows 7', 'Windows', 'Microsoft Corporation', 'Computer', '0'],
    ],
    [
      'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
      ['Safari', 'Safari', '13.0', 'Browser', 'WEBKIT', 'PlayStation', 'Sony Playstation', 'Sony Computer Entertainment, Inc.', 'Game console', '0'],
    ],
    [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      ['Robot/Spider', 'Robot/Spider', null, 'Robot', 'OTHER', 'Unknown', 'Unknown', 'Other', 'Unknown', '0'],
    ],
    // isbot counts a bare token such as `curl/8.5.0` or `some text` as a robot, as UserAgentUtils did for many tools.
    ['curl/8.5.0', ['Robot/Spider', 'Robot/Spider', null, 'Robot', 'OTHER', 'Unknown', 'Unknown', 'Other', 'Unknown', '0']],
    ['Mozilla/5.0 (X; Y)', ['Unknown', 'Unknown', null, 'unknown', 'OTHER', 'Unknown', 'Unknown', 'Other', 'Unknown', '0']],
  ])('%s', async (ua, expected) => {
    expect(await fieldsFor(ua)).toEqual(expected);
  });

  it('leaves the fields empty without a user agent', async () => {
    expect(await fieldsFor(null)).toEqual(FIELDS.map(() => null));
  });

  it('keeps every value within its atomic field limit, whatever the user agent', async () => {
    const long = `Mozilla/5.0 (Windows NT 10.0) Chrome/${'1.'.repeat(200)}1 Safari/537.36`;
    const values = await fieldsFor(long);
    expect(values.every((v) => v === null || v.length <= 50)).toBe(true);
    expect(await fieldsFor('\u0000'.repeat(100_000))).toHaveLength(10);
  });

  it('accepts no parameters', async () => {
    await expect(userAgentUtilsFactory.create({ x: 1 }, testFactoryContext().ctx, 'x')).rejects.toThrow(/user_agent_utils_config.*must NOT have more than 0 properties/);
  });
});
