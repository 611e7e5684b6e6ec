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
 * Tracker parameter → case number: one hash lookup per parameter, then a dense integer `switch` (a `switch` over
 * the names themselves compares the key with every case label in turn).
 */
const PARAM_CASES = new Map<string, number>([
  ['e', 0],
  ['ip', 1],
  ['aid', 2],
  ['p', 3],
  ['tid', 4],
  ['uid', 5],
  ['duid', 6],
  ['nuid', 7],
  ['ua', 8],
  ['fp', 9],
  ['vid', 10],
  ['sid', 11],
  ['dtm', 12],
  ['stm', 13],
  ['ttm', 14],
  ['tna', 15],
  ['tv', 16],
  ['cv', 17],
  ['lang', 18],
  ['f_pdf', 19],
  ['f_fla', 20],
  ['f_java', 21],
  ['f_dir', 22],
  ['f_qt', 23],
  ['f_realp', 24],
  ['f_wma', 25],
  ['f_gears', 26],
  ['f_ag', 27],
  ['cookie', 28],
  ['res', 29],
  ['cd', 30],
  ['tz', 31],
  ['refr', 32],
  ['url', 33],
  ['page', 34],
  ['cs', 35],
  ['ds', 36],
  ['vp', 37],
  ['eid', 38],
  ['se_ca', 39],
  ['ev_ca', 39],
  ['se_ac', 40],
  ['ev_ac', 40],
  ['se_la', 41],
  ['ev_la', 41],
  ['se_pr', 42],
  ['ev_pr', 42],
  ['se_va', 43],
  ['ev_va', 43],
  ['tr_id', 44],
  ['tr_af', 45],
  ['tr_tt', 46],
  ['tr_tx', 47],
  ['tr_sh', 48],
  ['tr_ci', 49],
  ['tr_st', 50],
  ['tr_co', 51],
  ['ti_id', 52],
  ['ti_sk', 53],
  ['ti_nm', 54],
  ['ti_na', 54],
  ['ti_ca', 55],
  ['ti_pr', 56],
  ['ti_qu', 57],
  ['pp_mix', 58],
  ['pp_max', 59],
  ['pp_miy', 60],
  ['pp_may', 61],
  ['tr_cu', 62],
  ['ti_cu', 63],
]);

function fail(errors: ParamError[] | null, param: string, r: ParseFailure): ParamError[] {
  const list = errors ?? [];
  list.push({ param, message: r.message });
  return list;
}

const NO_ERRORS: readonly ParamError[] = Object.freeze([]);

/**
 * Named property stores: the event is a fixed-shape object, so every `ev.<field> =` below is a monomorphic store
 * (a table of closures writing `ev[field]` was several times slower). No closure is created per call.
 */
export function transformParameters(
  params: ReadonlyMap<string, string>,
  event: EnrichedEvent,
  times: TransformTimes,
): readonly ParamError[] {
  let errors: ParamError[] | null = null;
  const ev = event as unknown as Record<AtomicFieldName, string | null>;
  for (const [key, v] of params) {
    const id = PARAM_CASES.get(key);
    if (id === undefined) continue;
    let r: string | null | ParseFailure;
    switch (id) {
      case 0: r = toEventType(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.event = r; break; // e
      case 1: ev.user_ipaddress = makeTsvSafe(firstIpToken(v)); break; // ip
      case 2: ev.app_id = makeTsvSafe(v); break; // aid
      case 3: r = toPlatform(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.platform = r; break; // p
      case 4: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.txn_id = r; break; // tid
      case 5: ev.user_id = makeTsvSafe(v); break; // uid
      case 6: ev.domain_userid = makeTsvSafe(v); break; // duid
      case 7: ev.network_userid = makeTsvSafe(v); break; // nuid
      case 8: ev.useragent = makeTsvSafe(v); break; // ua
      case 9: ev.user_fingerprint = makeTsvSafe(v); break; // fp
      case 10: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.domain_sessionidx = r; break; // vid
      case 11: r = toUuid(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.domain_sessionid = r; break; // sid
      case 12: { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) errors = fail(errors, key, t); else { ev.dvce_created_tstamp = t.text; times.dvceCreated = t.ms; } break; } // dtm
      case 13: { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) errors = fail(errors, key, t); else { ev.dvce_sent_tstamp = t.text; times.dvceSent = t.ms; } break; } // stm
      case 14: { const t = parseMsTimestamp(v); if (t instanceof ParseFailure) errors = fail(errors, key, t); else { ev.true_tstamp = t.text; times.trueTstamp = t.ms; } break; } // ttm
      case 15: ev.name_tracker = makeTsvSafe(v); break; // tna
      case 16: ev.v_tracker = makeTsvSafe(v); break; // tv
      case 17: ev.v_collector = makeTsvSafe(v); break; // cv
      case 18: ev.br_lang = makeTsvSafe(v); break; // lang
      case 19: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_pdf = r; break; // f_pdf
      case 20: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_flash = r; break; // f_fla
      case 21: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_java = r; break; // f_java
      case 22: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_director = r; break; // f_dir
      case 23: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_quicktime = r; break; // f_qt
      case 24: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_realplayer = r; break; // f_realp
      case 25: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_windowsmedia = r; break; // f_wma
      case 26: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_gears = r; break; // f_gears
      case 27: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_features_silverlight = r; break; // f_ag
      case 28: r = toBool01(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.br_cookies = r; break; // cookie
      case 29: { const w = toWxH(v); if (w instanceof ParseFailure) errors = fail(errors, key, w); else { ev.dvce_screenwidth = w[0]; ev.dvce_screenheight = w[1]; } break; } // res
      case 30: ev.br_colordepth = makeTsvSafe(v); break; // cd
      case 31: ev.os_timezone = makeTsvSafe(v); break; // tz
      case 32: ev.page_referrer = makeTsvSafe(v); break; // refr
      case 33: ev.page_url = makeTsvSafe(v); break; // url
      case 34: ev.page_title = makeTsvSafe(v); break; // page
      case 35: ev.doc_charset = makeTsvSafe(v); break; // cs
      case 36: { const w = toWxH(v); if (w instanceof ParseFailure) errors = fail(errors, key, w); else { ev.doc_width = w[0]; ev.doc_height = w[1]; } break; } // ds
      case 37: { const w = toWxH(v); if (w instanceof ParseFailure) errors = fail(errors, key, w); else { ev.br_viewwidth = w[0]; ev.br_viewheight = w[1]; } break; } // vp
      case 38: r = toUuid(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.event_id = r; break; // eid
      case 39: ev.se_category = makeTsvSafe(v); break; // se_ca, ev_ca
      case 40: ev.se_action = makeTsvSafe(v); break; // se_ac, ev_ac
      case 41: ev.se_label = makeTsvSafe(v); break; // se_la, ev_la
      case 42: ev.se_property = makeTsvSafe(v); break; // se_pr, ev_pr
      case 43: r = toBigDecimal(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.se_value = r; break; // se_va, ev_va
      case 44: ev.tr_orderid = makeTsvSafe(v); break; // tr_id
      case 45: ev.tr_affiliation = makeTsvSafe(v); break; // tr_af
      case 46: r = toBigDecimal(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.tr_total = r; break; // tr_tt
      case 47: r = toBigDecimal(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.tr_tax = r; break; // tr_tx
      case 48: r = toBigDecimal(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.tr_shipping = r; break; // tr_sh
      case 49: ev.tr_city = makeTsvSafe(v); break; // tr_ci
      case 50: ev.tr_state = makeTsvSafe(v); break; // tr_st
      case 51: ev.tr_country = makeTsvSafe(v); break; // tr_co
      case 52: ev.ti_orderid = makeTsvSafe(v); break; // ti_id
      case 53: ev.ti_sku = makeTsvSafe(v); break; // ti_sk
      case 54: ev.ti_name = makeTsvSafe(v); break; // ti_nm, ti_na
      case 55: ev.ti_category = makeTsvSafe(v); break; // ti_ca
      case 56: r = toBigDecimal(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.ti_price = r; break; // ti_pr
      case 57: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.ti_quantity = r; break; // ti_qu
      case 58: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.pp_xoffset_min = r; break; // pp_mix
      case 59: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.pp_xoffset_max = r; break; // pp_max
      case 60: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.pp_yoffset_min = r; break; // pp_miy
      case 61: r = toJavaInt(v); if (r instanceof ParseFailure) errors = fail(errors, key, r); else ev.pp_yoffset_max = r; break; // pp_may
      case 62: ev.tr_currency = makeTsvSafe(v); break; // tr_cu
      case 63: ev.ti_currency = makeTsvSafe(v); break; // ti_cu
      default: break;
    }
  }
  const tnuid = params.get('tnuid');
  if (tnuid !== undefined) ev.network_userid = makeTsvSafe(tnuid);
  return errors ?? NO_ERRORS;
}
