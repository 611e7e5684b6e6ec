/**
 * Realistic tracker traffic for the collector benchmark, written for Sleet (no recorded data): a browser page
 * view as the JS tracker sends it with GET /i (base64 context) and POST tp2 (payload_data with one event and a
 * web_page context), with a browser's headers (cookies, Origin, Referer, User-Agent).
 */
import { randomUUID } from 'node:crypto';

const pageUrl = 'https://www.flowershop.example/catalogue/roses?utm_source=newsletter&utm_medium=email&utm_campaign=spring';
const context = JSON.stringify({
  schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
  data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: randomUUID() } }],
});

function event(): Record<string, string> {
  const now = Date.now();
  return {
    e: 'pv',
    url: pageUrl,
    page: 'Roses — The Flower Shop',
    refr: 'https://mail.example.net/',
    eid: randomUUID(),
    tv: 'js-4.10.1',
    tna: 'sp1',
    aid: 'flowershop',
    p: 'web',
    cookie: '1',
    cs: 'UTF-8',
    lang: 'en-GB',
    res: '1920x1080',
    cd: '24',
    tz: 'Europe/London',
    dtm: String(now - 25),
    vp: '1280x720',
    ds: '1265x3400',
    vid: '3',
    sid: randomUUID(),
    duid: randomUUID(),
    stm: String(now),
  };
}

export const BROWSER_HEADERS: Record<string, string> = {
  Host: 'c.flowershop.example',
  Connection: 'keep-alive',
  'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  Accept: '*/*',
  'Accept-Language': 'en-GB,en;q=0.9',
  'Accept-Encoding': 'gzip, deflate, br',
  Origin: 'https://www.flowershop.example',
  Referer: 'https://www.flowershop.example/',
  'Sec-Fetch-Site': 'same-site',
  'Sec-Fetch-Mode': 'cors',
  Cookie: `_sp_ses.1fff=*; _sp_id.1fff=${randomUUID()}.1795304255.3.1795304255.1795300000.${randomUUID()}; sp=${randomUUID()}`,
  'X-Forwarded-For': '203.0.113.17, 10.0.1.23',
  'X-Forwarded-Proto': 'https',
};

/** GET /i with the event in the querystring and the context base64url-encoded (the tracker's GET default). */
export function pixelPath(): string {
  const params = new URLSearchParams({ stm: String(Date.now()), ...event(), cx: Buffer.from(context).toString('base64url') });
  return `/i?${params.toString()}`;
}

/** POST /com.snowplowanalytics.snowplow/tp2 body: payload_data 1-0-4 with one event, context as JSON. */
export function tp2Body(): string {
  return JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ ...event(), co: context }] });
}
