/**
 * A realistic web traffic mix for the enrichment benchmark, generated from a fixed seed: CollectorPayload records
 * (tp1 GET) with user agents repeating as in real traffic (a Zipf distribution over ~700 browser/OS/version
 * combinations plus ~2% one-off user agents), returning visitors (Zipf over IPs), page views / pings / struct
 * events, campaign parameters on a fifth of the page views, referrers from search, social and unknown sites, and a
 * user id on a third of the events. Also writes the files the enrichment configs reference (a MaxMind-format
 * City/ASN database with 20,000 networks, a referer database) and returns the configs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_PAYLOAD_SCHEMA, encodeCollectorPayload } from '../common/thrift';
import { MmdbValue, writeMmdb } from '../enricher/enrichments/testing/mmdb-writer';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index sampler with P(i) ∝ 1 / (i + 1)^s. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) cdf.push((sum += 1 / (i + 1) ** s));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const UA_TEMPLATES = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0',
  'Mozilla/5.0 (iPad; CPU OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S91{m}B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/{v}.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{v}.0.6367.{m}1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 13; Pixel {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.6367.{m}2 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 OPR/{v}.0.0.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
];

const REFERRERS = [
  'https://www.google.com/search?q=running+shoes&hl=en',
  'https://www.bing.com/search?q=trail+shoes',
  'https://duckduckgo.com/?q=shoes+sale',
  'https://www.facebook.com/',
  'https://t.co/abc123',
  'https://news.example.org/article/42',
  'https://shop.example.com/products/1',
];

export const REFERER_DATABASE = {
  search: {
    Google: { domains: ['www.google.com', 'google.com'], parameters: ['q'] },
    Bing: { domains: ['www.bing.com'], parameters: ['q'] },
    DuckDuckGo: { domains: ['duckduckgo.com'], parameters: ['q'] },
  },
  social: { Facebook: { domains: ['www.facebook.com', 'facebook.com'] }, Twitter: { domains: ['t.co', 'twitter.com'] } },
};

export interface Workload {
  readonly records: Uint8Array[];
  readonly distinctUserAgents: number;
  readonly distinctIps: number;
  readonly configs: unknown[];
}

export function buildWorkload(events: number, dir: string, seed = 42): Workload {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;

  // ~700 common user agents (templates × versions), most popular first.
  const common: string[] = [];
  for (let v = 124; v >= 100 && common.length < 700; v--) {
    for (let m = 0; m < 3; m++) for (const t of UA_TEMPLATES) common.push(t.replace(/\{v\}/g, String(v)).replace(/\{m\}/g, String(m + (124 - v) % 7)));
  }
  const uaIndex = zipf(common.length, 1.1, random);
  const visitors = 40_000;
  const visitorIndex = zipf(visitors, 0.9, random);
  const visitorIps = Array.from({ length: visitors }, (_, i) => `${20 + (i % 200)}.${(i >> 8) % 256}.${i % 256}.${1 + Math.floor(random() * 250)}`);
  const visitorIds = Array.from({ length: visitors }, () => uuid());
  const usedUas = new Set<string>();
  const usedIps = new Set<string>();

  const records: Uint8Array[] = [];
  for (let i = 0; i < events; i++) {
    const v = visitorIndex();
    const ua = random() < 0.02 ? `${common[uaIndex()]} App/${hex(6)}` : common[uaIndex()];
    usedUas.add(ua);
    usedIps.add(visitorIps[v]);
    const kind = random();
    const params: Array<[string, string]> = [
      ['e', kind < 0.55 ? 'pv' : kind < 0.85 ? 'pp' : 'se'],
      ['p', 'web'],
      ['tv', 'js-4.1.0'],
      ['tna', 'sp'],
      ['aid', 'shop'],
      ['eid', uuid()],
      ['duid', visitorIds[v]],
      ['sid', uuid()],
      ['vid', String(1 + (v % 9))],
      ['dtm', String(1_700_000_000_000 + i)],
      ['stm', String(1_700_000_000_500 + i)],
      ['res', '1920x1080'],
      ['vp', '1280x720'],
      ['cs', 'UTF-8'],
      ['lang', 'en-GB'],
      ['tz', 'Europe/London'],
      ['cookie', '1'],
    ];
    let url = `https://shop.example.com/products/${Math.floor(random() * 500)}`;
    if (random() < 0.2) url += `?utm_source=newsletter&utm_medium=email&utm_campaign=spring-${Math.floor(random() * 5)}&gclid=${hex(20)}`;
    params.push(['url', url], ['page', 'Product page']);
    if (random() < 0.5) params.push(['refr', pick(REFERRERS)]);
    if (random() < 0.33) params.push(['uid', `user-${v}@example.com`]);
    if (params[0][1] === 'se') params.push(['se_ca', 'cart'], ['se_ac', 'add'], ['se_la', `sku-${Math.floor(random() * 100)}`], ['se_va', '19.99']);
    if (params[0][1] === 'pp') params.push(['pp_mix', '0'], ['pp_max', '100'], ['pp_miy', '0'], ['pp_may', '800']);
    records.push(
      encodeCollectorPayload({
        schema: COLLECTOR_PAYLOAD_SCHEMA,
        ipAddress: visitorIps[v],
        timestamp: 1_700_000_001_000 + i,
        encoding: 'UTF-8',
        collector: 'ssc-3.2.0-kinesis',
        path: '/i',
        userAgent: ua,
        querystring: params.map(([k, val]) => `${k}=${encodeURIComponent(val)}`).join('&'),
        headers: [`User-Agent: ${ua}`, 'Accept: image/webp,*/*', 'Cookie: sp=abc', `X-Forwarded-For: ${visitorIps[v]}`],
        hostname: 'collector.example.com',
        networkUserId: visitorIds[v],
      }),
    );
  }

  writeFiles(dir, random);
  const sd = (vendor: string, name: string, version: string, parameters: unknown) => ({
    schema: `iglu:${vendor}/${name}/jsonschema/${version}`,
    data: { vendor, name, enabled: true, parameters },
  });
  const SP = 'com.snowplowanalytics.snowplow';
  const configs = [
    sd(SP, 'ua_parser_config', '1-0-0', {}),
    sd(SP, 'referer_parser', '2-0-0', { database: 'referers.json', uri: dir, internalDomains: ['www.example.com'] }),
    sd(SP, 'campaign_attribution', '1-0-1', {
      mapping: 'static',
      fields: {
        mktMedium: ['utm_medium'],
        mktSource: ['utm_source'],
        mktTerm: ['utm_term'],
        mktContent: ['utm_content'],
        mktCampaign: ['utm_campaign'],
      },
    }),
    sd(SP, 'event_fingerprint_config', '1-0-1', { excludeParameters: ['eid', 'nuid', 'stm', 'cv'], hashAlgorithm: 'SHA256' }),
    sd(SP, 'ip_lookups', '2-0-1', {
      geo: { database: 'GeoIP2-City.mmdb', uri: dir },
      asn: { database: 'GeoLite2-ASN.mmdb', uri: dir },
    }),
    sd(SP, 'anon_ip', '1-0-1', { anonOctets: 1, anonSegments: 1 }),
    {
      schema: 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-0',
      data: {
        vendor: 'com.snowplowanalytics.snowplow.enrichments',
        name: 'pii_enrichment_config',
        enabled: true,
        emitEvent: false,
        parameters: {
          pii: [{ pojo: { field: 'user_id' } }, { pojo: { field: 'user_ipaddress' } }, { pojo: { field: 'network_userid' } }],
          strategy: { pseudonymize: { hashFunction: 'SHA-256', salt: 'bench-salt' } },
        },
      },
    },
  ];
  return { records, distinctUserAgents: usedUas.size, distinctIps: usedIps.size, configs };
}

function writeFiles(dir: string, random: () => number): void {
  const cities = ['London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Dublin', 'Lisbon', 'Vienna', 'Prague', 'Warsaw'];
  const countries = ['GB', 'FR', 'DE', 'ES', 'IT', 'IE', 'PT', 'AT', 'CZ', 'PL'];
  const city: Record<string, MmdbValue> = {};
  const asn: Record<string, MmdbValue> = {};
  for (let i = 0; i < 20_000; i++) {
    const net = `${20 + (i % 200)}.${(i >> 8) % 256}.${i % 256}.0/24`;
    const c = i % cities.length;
    city[net] = {
      city: { geoname_id: 1000 + i, names: { en: `${cities[c]} ${i % 50}` } },
      country: { iso_code: countries[c], names: { en: countries[c] } },
      location: { latitude: 40 + random() * 15, longitude: -8 + random() * 30, time_zone: 'Europe/London', accuracy_radius: 20 },
      postal: { code: `P${i % 1000}` },
      subdivisions: [{ iso_code: 'R1', names: { en: `Region ${i % 30}` } }],
    };
    asn[net] = { autonomous_system_number: 64_000 + (i % 500), autonomous_system_organization: `Network ${i % 500}` };
  }
  writeFileSync(join(dir, 'GeoIP2-City.mmdb'), writeMmdb({ databaseType: 'GeoIP2-City', networks: city }));
  writeFileSync(join(dir, 'GeoLite2-ASN.mmdb'), writeMmdb({ databaseType: 'GeoLite2-ASN', networks: asn }));
  writeFileSync(join(dir, 'referers.json'), JSON.stringify(REFERER_DATABASE));
}
