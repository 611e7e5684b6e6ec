/**
 * Tracker parameter → enriched field mapping (Enrich's `Transform`, spec/enrich.md §2.4–2.5). Conversion failures are
 * collected, never fail-fast; each names the tracker parameter. JSON parameters (`co`, `cx`, `ue_pr`, `ue_px`) are
 * left to the Iglu step.
 */
import type { AtomicFieldName, EnrichedEvent } from '../model/enriched-event';
import {
  firstIpToken,
  makeTsvSafe,
  ParseFailure,
  toBigDecimal,
  toBool01,
  toEventType,
  toJavaInt,
  toPlatform,
  toUuid,
  toWxH,
} from './conversions';
import { parseMsTimestamp } from './timestamps';

export interface ParamError {
  /** The tracker parameter, e.g. `vid`. */
  readonly param: string;
  readonly message: string;
}

/** Millisecond values kept for derived_tstamp (the TSV text lives on the event). */
export interface TransformTimes {
  dvceCreated: number | null;
  dvceSent: number | null;
  trueTstamp: number | null;
}

type Setter = (value: string, ev: Record<string, string | null>, times: TransformTimes) => ParseFailure | void;

const str = (field: AtomicFieldName): Setter => (v, ev) => {
  ev[field] = makeTsvSafe(v);
};
const conv = (field: AtomicFieldName, f: (v: string) => string | null | ParseFailure): Setter => (v, ev) => {
  const r = f(v);
  if (r instanceof ParseFailure) return r;
  ev[field] = r;
};
const wxh = (w: AtomicFieldName, h: AtomicFieldName): Setter => (v, ev) => {
  const r = toWxH(v);
  if (r instanceof ParseFailure) return r;
  ev[w] = r[0];
  ev[h] = r[1];
};
const tstamp = (field: AtomicFieldName, key: keyof TransformTimes): Setter => (v, ev, times) => {
  const r = parseMsTimestamp(v);
  if (r instanceof ParseFailure) return r;
  ev[field] = r.text;
  times[key] = r.ms;
};

const SETTERS: ReadonlyMap<string, Setter> = new Map<string, Setter>([
  ['e', conv('event', toEventType)],
  ['ip', (v, ev) => {
    ev.user_ipaddress = makeTsvSafe(firstIpToken(v));
  }],
  ['aid', str('app_id')],
  ['p', conv('platform', toPlatform)],
  ['tid', conv('txn_id', toJavaInt)],
  ['uid', str('user_id')],
  ['duid', str('domain_userid')],
  ['nuid', str('network_userid')],
  ['ua', str('useragent')],
  ['fp', str('user_fingerprint')],
  ['vid', conv('domain_sessionidx', toJavaInt)],
  ['sid', conv('domain_sessionid', toUuid)],
  ['dtm', tstamp('dvce_created_tstamp', 'dvceCreated')],
  ['stm', tstamp('dvce_sent_tstamp', 'dvceSent')],
  ['ttm', tstamp('true_tstamp', 'trueTstamp')],
  ['tna', str('name_tracker')],
  ['tv', str('v_tracker')],
  ['cv', str('v_collector')],
  ['lang', str('br_lang')],
  ['f_pdf', conv('br_features_pdf', toBool01)],
  ['f_fla', conv('br_features_flash', toBool01)],
  ['f_java', conv('br_features_java', toBool01)],
  ['f_dir', conv('br_features_director', toBool01)],
  ['f_qt', conv('br_features_quicktime', toBool01)],
  ['f_realp', conv('br_features_realplayer', toBool01)],
  ['f_wma', conv('br_features_windowsmedia', toBool01)],
  ['f_gears', conv('br_features_gears', toBool01)],
  ['f_ag', conv('br_features_silverlight', toBool01)],
  ['cookie', conv('br_cookies', toBool01)],
  ['res', wxh('dvce_screenwidth', 'dvce_screenheight')],
  ['cd', str('br_colordepth')],
  ['tz', str('os_timezone')],
  ['refr', str('page_referrer')],
  ['url', str('page_url')],
  ['page', str('page_title')],
  ['cs', str('doc_charset')],
  ['ds', wxh('doc_width', 'doc_height')],
  ['vp', wxh('br_viewwidth', 'br_viewheight')],
  ['eid', conv('event_id', toUuid)],
  ['se_ca', str('se_category')],
  ['se_ac', str('se_action')],
  ['se_la', str('se_label')],
  ['se_pr', str('se_property')],
  ['se_va', conv('se_value', toBigDecimal)],
  ['ev_ca', str('se_category')],
  ['ev_ac', str('se_action')],
  ['ev_la', str('se_label')],
  ['ev_pr', str('se_property')],
  ['ev_va', conv('se_value', toBigDecimal)],
  ['tr_id', str('tr_orderid')],
  ['tr_af', str('tr_affiliation')],
  ['tr_tt', conv('tr_total', toBigDecimal)],
  ['tr_tx', conv('tr_tax', toBigDecimal)],
  ['tr_sh', conv('tr_shipping', toBigDecimal)],
  ['tr_ci', str('tr_city')],
  ['tr_st', str('tr_state')],
  ['tr_co', str('tr_country')],
  ['ti_id', str('ti_orderid')],
  ['ti_sk', str('ti_sku')],
  ['ti_nm', str('ti_name')],
  ['ti_na', str('ti_name')],
  ['ti_ca', str('ti_category')],
  ['ti_pr', conv('ti_price', toBigDecimal)],
  ['ti_qu', conv('ti_quantity', toJavaInt)],
  ['pp_mix', conv('pp_xoffset_min', toJavaInt)],
  ['pp_max', conv('pp_xoffset_max', toJavaInt)],
  ['pp_miy', conv('pp_yoffset_min', toJavaInt)],
  ['pp_may', conv('pp_yoffset_max', toJavaInt)],
  ['tr_cu', str('tr_currency')],
  ['ti_cu', str('ti_currency')],
]);

/** Applies every known parameter in map order, then `tnuid` (which beats `nuid` and the cookie). */
export function transformParameters(params: ReadonlyMap<string, string>, event: EnrichedEvent, times: TransformTimes): ParamError[] {
  const errors: ParamError[] = [];
  const ev = event as unknown as Record<string, string | null>;
  for (const [name, value] of params) {
    const setter = SETTERS.get(name);
    if (setter === undefined) continue;
    const failure = setter(value, ev, times);
    if (failure !== undefined) errors.push({ param: name, message: failure.message });
  }
  const tnuid = params.get('tnuid');
  if (tnuid !== undefined) ev.network_userid = makeTsvSafe(tnuid);
  return errors;
}
