/** The IAB enrichment on the small IAB-format lists of Snowplow Enrich 3.9.0's tests (../shared/fixtures/enrich-3.9.0). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { iabSpidersAndRobotsFactory } from './iab-spiders-and-robots';
import { testFactoryContext, testInput } from './testing/enrichment-input';

const DIR = join(__dirname, '../../../shared/fixtures/enrich-3.9.0');
const PARAMETERS = {
  ipFile: { uri: DIR, database: 'ip_exclude_current_cidr.txt' },
  excludeUseragentFile: { uri: DIR, database: 'exclude_current.txt' },
  includeUseragentFile: { uri: DIR, database: 'include_current.txt' },
};

async function classify(ua: string | null, ip: string | null, derived = '2017-01-01 00:00:00.000') {
  const enrichment = await iabSpidersAndRobotsFactory.create(PARAMETERS, testFactoryContext().ctx, 'x');
  return enrichment.enrich(testInput({ fields: { useragent: ua, user_ipaddress: ip, derived_tstamp: derived } }))?.contexts?.[0]?.data;
}

const BROWSER = { spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE' };
const robot = (category: string, reason: string, primaryImpact: string) => ({ spiderOrRobot: true, category, reason, primaryImpact });

(existsSync(DIR) ? describe : describe.skip)('iab_spiders_and_robots_enrichment with the Enrich 3.9.0 test lists', () => {
  it.each([
    ['131.53.255.1', 'in 131.52.0.0/15'],
    ['215.151.101.210', 'a listed address'],
    ['12.1.2.3', 'in 12.0.0.0/8'],
    ['217.152.89.230', 'in 217.152.89.225/27'],
  ])('IP %s (%s) fails the IP check', async (ip) => {
    expect(await classify('Some user agent', ip)).toEqual(robot('SPIDER_OR_ROBOT', 'FAILED_IP_EXCLUDE', 'UNKNOWN'));
  });

  it('passes an included user agent from an unlisted address', async () => {
    // 217.152.89.225/27 is the block .224–.255 (the Java client widens an unaligned CIDR to its prefix block).
    expect(await classify('Some user agent', '217.152.89.223')).toEqual(BROWSER);
  });

  it('checks user agents against the include and exclude lists', async () => {
    expect(await classify('Mozilla/5.0 (Windows NT 10.0) Chrome/124.0', '8.8.8.8')).toEqual(robot('SPIDER_OR_ROBOT', 'FAILED_UA_INCLUDE', 'UNKNOWN'));
    expect(await classify('Xdroid xonitor', null)).toEqual(robot('ACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'AD_IMPRESSIONS'));
    expect(await classify('Some user agent dialer', null)).toEqual(robot('ACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'AD_IMPRESSIONS'));
    expect(await classify('Some user agent dialer SomeDialer', null)).toEqual(BROWSER);
    expect(await classify('User Agent At The Start Only, really', null)).toEqual(robot('ACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'PAGE_AND_AD_IMPRESSIONS'));
    expect(await classify('Xdroid User Agent At The Start Only', null)).toEqual(BROWSER);
  });

  it('honours the include list inactive date (03/30/2017)', async () => {
    expect(await classify('Inactive Browser', null, '2017-03-29 23:00:00.000')).toEqual(BROWSER);
    expect(await classify('Inactive Browser', null, '2017-03-30 00:00:00.000')).toEqual(robot('SPIDER_OR_ROBOT', 'FAILED_UA_INCLUDE', 'UNKNOWN'));
  });
});
