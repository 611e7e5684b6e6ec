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

/**
 * One `switch` with named property stores: the event is a fixed-shape object, so every `ev.<field> =` below is a
 * monomorphic store (a table of closures writing `ev[field]` was several times slower).
 */
export function transformParameters(params: ReadonlyMap<string, string>, event: EnrichedEvent, times: TransformTimes): ParamError[] {
  const errors: ParamError[] = [];
  const ev = event as unknown as Record<AtomicFieldName, string | null>;
  let name = '';
  const fail = (r: ParseFailure): void => void errors.push({ param: name, message: r.message });
  const conv = (f: (v: string) => string | null | ParseFailure, v: string): string | null | undefined => {
    const r = f(v);
    if (r instanceof ParseFailure) {
      fail(r);
      return undefined;
    }
    return r;
  };
  for (const [key, v] of params) {
    name = key;
    let r: string | null | undefined;
    switch (key) {
      case 'e': if ((r = conv(toEventType, v)) !== undefined) ev.event = r; break;
      case 'ip': ev.user_ipaddress = makeTsvSafe(firstIpToken(v)); break;
      case 'aid': ev.app_id = makeTsvSafe(v); break;
      case 'p': if ((r = conv(toPlatform, v)) !== undefined) ev.platform = r; break;
      case 'tid': if ((r = conv(toJavaInt, v)) !== undefined) ev.txn_id = r; break;
      case 'uid': ev.user_id = makeTsvSafe(v); break;
      case 'duid': ev.domain_userid = makeTsvSafe(v); break;
      case 'nuid': ev.network_userid = makeTsvSafe(v); break;
      case 'ua': ev.useragent = makeTsvSafe(v); break;
      case 'fp': ev.user_fingerprint = makeTsvSafe(v); break;
      case 'vid': if ((r = conv(toJavaInt, v)) !== undefined) ev.domain_sessionidx = r; break;
      case 'sid': if ((r = conv(toUuid, v)) !== undefined) ev.domain_sessionid = r; break;
      case 'dtm': { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) fail(t); else { ev.dvce_created_tstamp = t.text; times.dvceCreated = t.ms; } break; }
      case 'stm': { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) fail(t); else { ev.dvce_sent_tstamp = t.text; times.dvceSent = t.ms; } break; }
      case 'ttm': { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) fail(t); else { ev.true_tstamp = t.text; times.trueTstamp = t.ms; } break; }
      case 'tna': ev.name_tracker = makeTsvSafe(v); break;
      case 'tv': ev.v_tracker = makeTsvSafe(v); break;
      case 'cv': ev.v_collector = makeTsvSafe(v); break;
      case 'lang': ev.br_lang = makeTsvSafe(v); break;
      case 'f_pdf': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_pdf = r; break;
      case 'f_fla': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_flash = r; break;
      case 'f_java': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_java = r; break;
      case 'f_dir': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_director = r; break;
      case 'f_qt': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_quicktime = r; break;
      case 'f_realp': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_realplayer = r; break;
      case 'f_wma': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_windowsmedia = r; break;
      case 'f_gears': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_gears = r; break;
      case 'f_ag': if ((r = conv(toBool01, v)) !== undefined) ev.br_features_silverlight = r; break;
      case 'cookie': if ((r = conv(toBool01, v)) !== undefined) ev.br_cookies = r; break;
      case 'res': { const w = toWxH(v); if (w instanceof ParseFailure) fail(w); else { ev.dvce_screenwidth = w[0]; ev.dvce_screenheight = w[1]; } break; }
      case 'cd': ev.br_colordepth = makeTsvSafe(v); break;
      case 'tz': ev.os_timezone = makeTsvSafe(v); break;
      case 'refr': ev.page_referrer = makeTsvSafe(v); break;
      case 'url': ev.page_url = makeTsvSafe(v); break;
      case 'page': ev.page_title = makeTsvSafe(v); break;
      case 'cs': ev.doc_charset = makeTsvSafe(v); break;
      case 'ds': { const w = toWxH(v); if (w instanceof ParseFailure) fail(w); else { ev.doc_width = w[0]; ev.doc_height = w[1]; } break; }
      case 'vp': { const w = toWxH(v); if (w instanceof ParseFailure) fail(w); else { ev.br_viewwidth = w[0]; ev.br_viewheight = w[1]; } break; }
      case 'eid': if ((r = conv(toUuid, v)) !== undefined) ev.event_id = r; break;
      case 'se_ca': case 'ev_ca': ev.se_category = makeTsvSafe(v); break;
      case 'se_ac': case 'ev_ac': ev.se_action = makeTsvSafe(v); break;
      case 'se_la': case 'ev_la': ev.se_label = makeTsvSafe(v); break;
      case 'se_pr': case 'ev_pr': ev.se_property = makeTsvSafe(v); break;
      case 'se_va': case 'ev_va': if ((r = conv(toBigDecimal, v)) !== undefined) ev.se_value = r; break;
      case 'tr_id': ev.tr_orderid = makeTsvSafe(v); break;
      case 'tr_af': ev.tr_affiliation = makeTsvSafe(v); break;
      case 'tr_tt': if ((r = conv(toBigDecimal, v)) !== undefined) ev.tr_total = r; break;
      case 'tr_tx': if ((r = conv(toBigDecimal, v)) !== undefined) ev.tr_tax = r; break;
      case 'tr_sh': if ((r = conv(toBigDecimal, v)) !== undefined) ev.tr_shipping = r; break;
      case 'tr_ci': ev.tr_city = makeTsvSafe(v); break;
      case 'tr_st': ev.tr_state = makeTsvSafe(v); break;
      case 'tr_co': ev.tr_country = makeTsvSafe(v); break;
      case 'ti_id': ev.ti_orderid = makeTsvSafe(v); break;
      case 'ti_sk': ev.ti_sku = makeTsvSafe(v); break;
      case 'ti_nm': case 'ti_na': ev.ti_name = makeTsvSafe(v); break;
      case 'ti_ca': ev.ti_category = makeTsvSafe(v); break;
      case 'ti_pr': if ((r = conv(toBigDecimal, v)) !== undefined) ev.ti_price = r; break;
      case 'ti_qu': if ((r = conv(toJavaInt, v)) !== undefined) ev.ti_quantity = r; break;
      case 'pp_mix': if ((r = conv(toJavaInt, v)) !== undefined) ev.pp_xoffset_min = r; break;
      case 'pp_max': if ((r = conv(toJavaInt, v)) !== undefined) ev.pp_xoffset_max = r; break;
      case 'pp_miy': if ((r = conv(toJavaInt, v)) !== undefined) ev.pp_yoffset_min = r; break;
      case 'pp_may': if ((r = conv(toJavaInt, v)) !== undefined) ev.pp_yoffset_max = r; break;
      case 'tr_cu': ev.tr_currency = makeTsvSafe(v); break;
      case 'ti_cu': ev.ti_currency = makeTsvSafe(v); break;
      default: break;
    }
  }
  const tnuid = params.get('tnuid');
  if (tnuid !== undefined) ev.network_userid = makeTsvSafe(tnuid);
  return errors;
}
