import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnrichmentConfigError } from './enrichment';
import { iabSpidersAndRobotsFactory, SPIDERS_AND_ROBOTS_SCHEMA } from './iab-spiders-and-robots';
import { IpRanges, parseExcludeList, parseInactiveDate } from './iab-lists';
import { testFactoryContext, testInput } from './testing/enrichment-input';

// Small lists in the IAB formats, written for these tests (the real lists are licensed).
const EXCLUDE = [
  '# Exclude list written for Sleet tests',
  'googlebot|1||0|0|0',
  'spider|1|friendly spider, nice-spider|0|2|0',
  'startbot|1||0|1|1',
  'oldbot|0||1|2|0|01/15/2020',
  'deadbot|0||1|2|0',
  '"pipe|bot"|1||0|0|0',
  '',
].join('\n');
const INCLUDE = ['# Include list written for Sleet tests', 'mozilla|1|0', 'googlebot|1|0', 'startbot|1|0', 'oldbrowser|0|0|06/30/2021', 'pipe|1|0', ''].join('\r\n');
const IPS = ['192.0.2.0/24', '198.51.100.7', '2001:db8::/32', ''].join('\n');

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/iab_spiders_and_robots_enrichment/jsonschema/1-0-1';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sleet-iab-'));
  writeFileSync(join(dir, 'exclude_current.txt'), EXCLUDE);
  writeFileSync(join(dir, 'include_current.txt'), INCLUDE);
  writeFileSync(join(dir, 'ip_exclude_current_cidr.txt'), IPS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (over: Record<string, unknown> = {}) => ({
  ipFile: { uri: dir, database: 'ip_exclude_current_cidr.txt' },
  excludeUseragentFile: { uri: dir, database: 'exclude_current.txt' },
  includeUseragentFile: { uri: dir, database: 'include_current.txt' },
  ...over,
});

async function classify(ua: string | null, ip: string | null, derivedTstamp = '2020-01-01 00:00:00.000', parameters: unknown = files()) {
  const enrichment = await iabSpidersAndRobotsFactory.create(parameters, testFactoryContext().ctx, SCHEMA);
  const result = enrichment.enrich(testInput({ fields: { useragent: ua, user_ipaddress: ip, derived_tstamp: derivedTstamp } }));
  if (!result) return undefined;
  expect(result.contexts).toHaveLength(1);
  expect(result.contexts![0].schema).toBe(SPIDERS_AND_ROBOTS_SCHEMA);
  return result.contexts![0].data as Record<string, unknown>;
}

const BROWSER = { spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE' };

describe('iab_spiders_and_robots_enrichment', () => {
  it('passes a browser, with the context keys in Snowplow order', async () => {
    const data = await classify(CHROME, '203.0.113.1');
    expect(JSON.stringify(data)).toBe('{"spiderOrRobot":false,"category":"BROWSER","reason":"PASSED_ALL","primaryImpact":"NONE"}');
  });

  it.each([
    ['192.0.2.77', 'a CIDR block'],
    ['198.51.100.7', 'a single address'],
    ['2001:db8::1', 'an IPv6 block'],
    ['::ffff:192.0.2.1', 'an IPv4-mapped IPv6 address in an IPv4 block'],
  ])('fails the IP check for %s (%s)', async (ip) => {
    expect(await classify(CHROME, ip)).toEqual({ spiderOrRobot: true, category: 'SPIDER_OR_ROBOT', reason: 'FAILED_IP_EXCLUDE', primaryImpact: 'UNKNOWN' });
  });

  it('passes addresses next to listed ones', async () => {
    expect(await classify(CHROME, '198.51.100.8')).toEqual(BROWSER);
    expect(await classify(CHROME, '192.0.3.1')).toEqual(BROWSER);
  });

  it('fails the include check for a user agent no include pattern matches', async () => {
    expect(await classify('SomeTool/1.0', '203.0.113.1')).toEqual({ spiderOrRobot: true, category: 'SPIDER_OR_ROBOT', reason: 'FAILED_UA_INCLUDE', primaryImpact: 'UNKNOWN' });
  });

  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1)', 'PAGE_IMPRESSIONS'],
    ['Mozilla/5.0 nasty SPIDER', 'PAGE_AND_AD_IMPRESSIONS'],
    ['startbot/1.0 (Mozilla)', 'AD_IMPRESSIONS'],
    ['Mozilla pipe|bot', 'PAGE_IMPRESSIONS'],
  ])('fails the exclude check for %s with its primary impact', async (ua, impact) => {
    expect(await classify(ua, null)).toEqual({ spiderOrRobot: true, category: 'ACTIVE_SPIDER_OR_ROBOT', reason: 'FAILED_UA_EXCLUDE', primaryImpact: impact });
  });

  it('honours exception patterns, start-of-string flags and inactive records without date', async () => {
    expect(await classify('Mozilla/5.0 friendly spider', null)).toEqual(BROWSER);
    expect(await classify('Mozilla/5.0 startbot', null)).toEqual(BROWSER);
    expect(await classify('Mozilla/5.0 deadbot', null)).toEqual(BROWSER);
  });

  it('uses derived_tstamp against inactive dates', async () => {
    expect(await classify('Mozilla oldbot', null, '2020-01-14 23:59:59.999')).toMatchObject({ category: 'ACTIVE_SPIDER_OR_ROBOT', primaryImpact: 'PAGE_AND_AD_IMPRESSIONS' });
    expect(await classify('Mozilla oldbot', null, '2020-01-15 00:00:00.000')).toMatchObject({ category: 'INACTIVE_SPIDER_OR_ROBOT', reason: 'FAILED_UA_EXCLUDE' });
    expect(await classify('OldBrowser/2', null, '2021-06-29 12:00:00.000')).toEqual(BROWSER);
    expect(await classify('OldBrowser/2', null, '2021-06-30 00:00:00.000')).toMatchObject({ reason: 'FAILED_UA_INCLUDE' });
  });

  it('runs on the IP alone or the user agent alone, and not at all without both', async () => {
    expect(await classify(null, '203.0.113.1')).toEqual(BROWSER);
    expect(await classify(null, '192.0.2.1')).toMatchObject({ reason: 'FAILED_IP_EXCLUDE' });
    expect(await classify('   ', 'not-an-ip')).toBeUndefined();
    expect(await classify(null, null)).toBeUndefined();
  });

  it('applies the inline lists of 1-0-1 first (include wins even over a listed IP)', async () => {
    const parameters = files({ includeUseragents: ['SomeTool'], excludeUseragents: ['Chrome/124'] });
    expect(await classify('sometool/1.0', '192.0.2.1', undefined, parameters)).toEqual(BROWSER);
    expect(await classify(CHROME, '203.0.113.1', undefined, parameters)).toEqual({
      spiderOrRobot: true,
      category: 'SPIDER_OR_ROBOT',
      reason: 'FAILED_UA_EXCLUDE',
      primaryImpact: 'UNKNOWN',
    });
  });

  it('survives hostile input', async () => {
    expect(await classify('x'.repeat(1_000_000), 'x'.repeat(10_000))).toMatchObject({ reason: 'FAILED_UA_INCLUDE' });
    expect(await classify('\u0000\ud800mozilla', '::')).toEqual(BROWSER);
  });

  it('swaps a refreshed list', async () => {
    const own = mkdtempSync(join(tmpdir(), 'sleet-iab-refresh-'));
    try {
      writeFileSync(join(own, 'exclude_current.txt'), EXCLUDE);
      writeFileSync(join(own, 'include_current.txt'), INCLUDE);
      writeFileSync(join(own, 'ip_exclude_current_cidr.txt'), IPS);
      const { ctx, watchers } = testFactoryContext();
      const enrichment = await iabSpidersAndRobotsFactory.create(
        files({ excludeUseragentFile: { uri: own, database: 'exclude_current.txt' }, ipFile: { uri: own, database: 'ip_exclude_current_cidr.txt' } }),
        ctx,
        SCHEMA,
      );
      const reason = (ua: string, ip: string) => (enrichment.enrich(testInput({ fields: { useragent: ua, user_ipaddress: ip } }))!.contexts![0].data as { reason: string }).reason;
      expect(reason(CHROME, '203.0.113.1')).toBe('PASSED_ALL');
      writeFileSync(join(own, 'exclude_current.txt'), 'chrome|1||0|0|0\n');
      watchers.find((w) => w.database === 'exclude_current.txt')!.onChange(join(own, 'exclude_current.txt'));
      expect(reason(CHROME, '203.0.113.1')).toBe('FAILED_UA_EXCLUDE');
      // The other lists are kept.
      expect(reason(CHROME, '192.0.2.1')).toBe('FAILED_IP_EXCLUDE');
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  describe('config errors', () => {
    const create = (parameters: unknown) => iabSpidersAndRobotsFactory.create(parameters, testFactoryContext().ctx, SCHEMA);

    it('needs all three files', async () => {
      const { ipFile: _omit, ...rest } = files();
      await expect(create(rest)).rejects.toThrow(/missing required key 'ipFile'/);
      await expect(create(undefined)).rejects.toThrow(EnrichmentConfigError);
    });

    it('names the file and line of a malformed record', async () => {
      writeFileSync(join(dir, 'bad_exclude.txt'), 'ok|1||0|0|0\nbad|1||0|9|0\n');
      await expect(create(files({ excludeUseragentFile: { uri: dir, database: 'bad_exclude.txt' } }))).rejects.toThrow(
        /excludeUseragentFile bad_exclude\.txt: bad_exclude\.txt line 2: primary impact flag must be 0, 1 or 2, not "9"/,
      );
      writeFileSync(join(dir, 'bad_ips.txt'), '192.0.2.0/24\n192.0.2.0/33\n');
      await expect(create(files({ ipFile: { uri: dir, database: 'bad_ips.txt' } }))).rejects.toThrow(/bad_ips\.txt line 2: not an IP address or CIDR block/);
    });
  });
});

describe('IAB list formats', () => {
  it('parses dates strictly (MM/DD/YYYY, UTC midnight)', () => {
    expect(parseInactiveDate('03/30/2017')).toBe(Date.UTC(2017, 2, 30));
    expect(parseInactiveDate('13/45/2017')).toBeNull();
    expect(parseInactiveDate('')).toBeNull();
    expect(parseInactiveDate(undefined)).toBeNull();
  });

  it('reads exception lists and quoted fields', () => {
    expect(parseExcludeList('"A|B"|1|X, y ,|0|2|1|12/20/2011\n')).toEqual([
      { pattern: 'a|b', active: true, exceptions: ['x', 'y'], primaryImpact: 'PAGE_AND_AD_IMPRESSIONS', startOfString: true, inactiveDate: Date.UTC(2011, 11, 20) },
    ]);
  });

  it('matches CIDR blocks of any prefix length', () => {
    const r = IpRanges.parse('0.0.0.0/0\n');
    expect(r.contains('8.8.8.8')).toBe(true);
    expect(r.contains('2001:db8::1')).toBe(false);
    const odd = IpRanges.parse('10.0.0.0/9\n2001:db8:8000::/33\n');
    expect(odd.contains('10.127.255.255')).toBe(true);
    expect(odd.contains('10.128.0.0')).toBe(false);
    expect(odd.contains('2001:db8:ffff::1')).toBe(true);
    expect(odd.contains('2001:db8:7fff::1')).toBe(false);
  });
});
