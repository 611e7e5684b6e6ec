/**
 * The pipeline's own steps between enrichments (spec/enrich.md §4.0 steps 1, 2, 3, 8, 9, 11, 17): collector version
 * check, page and referrer URI parsing, derived_tstamp, page querystring, `_sp` cross-domain parameters and the
 * event_vendor/name/format/version extraction. Each returns enrichment failure messages instead of throwing.
 */
import type { EnrichmentFailureMessage } from '../enrichments/enrichment';
import type { EnrichedEvent } from '../model/enriched-event';
import { makeTsvSafe, ParseFailure } from '../mapping/conversions';
import { explodeUri, stringToUri } from '../mapping/page-uri';
import { pairsToMap, parseFormPairs } from '../mapping/querystring';
import { formatCheckedTimestamp, parseMsTimestamp } from '../mapping/timestamps';
import type { TransformTimes } from '../mapping/transform';
import { cut } from './load-payload';
import { parseSchemaUri } from './self-describing';

type Fields = Record<string, string | null>;

function inputData(field: string, value: string | null, expectation: string): EnrichmentFailureMessage {
  return { enrichment: null, message: { field, value, expectation: cut(expectation, 256) } };
}

/** Step 1: `v_collector` must be set. */
export function checkCollectorVersion(ev: Fields, failures: EnrichmentFailureMessage[]): void {
  if (ev.v_collector === null || ev.v_collector === '') failures.push(inputData('v_collector', null, 'should be set'));
}

/** Step 2: page URI = tracker `url`, else the collector's referer; `page_url` becomes the parsed URI text. */
export function parsePageUri(ev: Fields, refererUri: string | null, failures: EnrichmentFailureMessage[]): void {
  const text = ev.page_url ?? refererUri;
  if (text === null || text === '') return;
  const r = stringToUri(text);
  if (!r.ok) {
    failures.push(inputData('page_url', text, r.error));
    return;
  }
  const c = explodeUri(r.uri);
  ev.page_url = makeTsvSafe(r.uri.text);
  ev.page_urlscheme = makeTsvSafe(c.scheme);
  ev.page_urlhost = makeTsvSafe(c.host);
  ev.page_urlport = c.port;
  ev.page_urlpath = c.path;
  ev.page_urlquery = c.query;
  ev.page_urlfragment = c.fragment;
}

/** Step 8 (core half): referrer URI components; `page_referrer` itself is kept as sent. */
export function parseReferrerUri(ev: Fields, failures: EnrichmentFailureMessage[]): void {
  const text = ev.page_referrer;
  if (text === null) return;
  const r = stringToUri(text);
  if (!r.ok) {
    failures.push(inputData('page_referrer', text, r.error));
    return;
  }
  const c = explodeUri(r.uri);
  ev.refr_urlscheme = makeTsvSafe(c.scheme);
  ev.refr_urlhost = makeTsvSafe(c.host);
  ev.refr_urlport = c.port;
  ev.refr_urlpath = c.path;
  ev.refr_urlquery = c.query;
  ev.refr_urlfragment = c.fragment;
}

/**
 * Step 3 (§1.6): true_tstamp if set; else collector − (sent − created) when all three are set and created < sent;
 * else collector_tstamp.
 */
export function deriveTimestamp(
  ev: Fields,
  times: TransformTimes,
  collectorMs: number | null,
  failures: EnrichmentFailureMessage[],
): void {
  if (times.trueTstamp !== null) {
    ev.derived_tstamp = ev.true_tstamp;
    return;
  }
  if (collectorMs === null) return;
  let ms = collectorMs;
  if (times.dvceCreated !== null && times.dvceSent !== null && times.dvceCreated < times.dvceSent) {
    ms = collectorMs - (times.dvceSent - times.dvceCreated);
  }
  const text = formatCheckedTimestamp(ms);
  if (text instanceof ParseFailure) failures.push(inputData('derived_tstamp', null, text.message));
  else ev.derived_tstamp = text;
}

/** Step 9: the page URL querystring, decoded with the payload encoding (last duplicate wins). */
export function pageQuerystring(ev: Fields, decoder: TextDecoder): ReadonlyMap<string, string | null> | undefined {
  const q = ev.page_urlquery;
  if (q === null) return undefined;
  return pairsToMap(parseFormPairs(q, decoder));
}

/**
 * Step 11 (core half, always run): `_sp=<duid>.<tstamp>[.…]` of the page URL → refr_domain_userid and
 * refr_dvce_tstamp; more than 7 parts ⇒ ignored. A bad timestamp is reported here only when no cross_navigation
 * enrichment is configured (that enrichment reports its own failures).
 */
export function applyCrossDomain(
  ev: Fields,
  query: ReadonlyMap<string, string | null> | undefined,
  reportFailures: boolean,
  failures: EnrichmentFailureMessage[],
): void {
  const sp = query?.get('_sp');
  if (sp === undefined || sp === null) return;
  const parts = sp.split('.');
  if (parts.length > 7) return;
  ev.refr_domain_userid = makeTsvSafe(parts[0]);
  const ts = parts[1];
  if (ts === undefined || ts === '') return;
  const r = parseMsTimestamp(ts);
  if (r instanceof ParseFailure) {
    if (reportFailures) failures.push(inputData('refr_dvce_tstamp', ts, r.message));
    return;
  }
  ev.refr_dvce_tstamp = r.text;
}

const FIXED_SCHEMAS: Readonly<Record<string, readonly [string, string]>> = {
  page_view: ['com.snowplowanalytics.snowplow', 'page_view'],
  page_ping: ['com.snowplowanalytics.snowplow', 'page_ping'],
  struct: ['com.google.analytics', 'event'],
  transaction: ['com.snowplowanalytics.snowplow', 'transaction'],
  transaction_item: ['com.snowplowanalytics.snowplow', 'transaction_item'],
};

/** Step 17 (§2.3): event_vendor/name/format/version. */
export function extractEventSchema(event: EnrichedEvent, failures: EnrichmentFailureMessage[]): void {
  const ev = event as unknown as Fields;
  const type = ev.event;
  if (type === 'unstruct') {
    const ue = event.unstruct_event;
    if (ue === null) return;
    const key = parseSchemaUri(ue.schema);
    if (typeof key === 'string') return;
    ev.event_vendor = key.vendor;
    ev.event_name = key.name;
    ev.event_format = key.format;
    ev.event_version = key.version;
    return;
  }
  const fixed = type === null ? undefined : FIXED_SCHEMAS[type];
  if (fixed === undefined) {
    failures.push(
      inputData(
        'event',
        type,
        `trying to extract the schema of the enriched event but event type [${type}] doesn't match any of ` +
          'page_view, page_ping, struct, unstruct, transaction, transaction_item',
      ),
    );
    return;
  }
  ev.event_vendor = fixed[0];
  ev.event_name = fixed[1];
  ev.event_format = 'jsonschema';
  ev.event_version = '1-0-0';
}
