/**
 * A fresh enriched event: an instance of a constructor that assigns all 131 fields in TSV order (the same value as
 * `emptyEnrichedEvent()` in enricher/model). V8 gives such instances a fixed in-object layout and allocates them
 * inline (measured: ~0.1 µs, against ~0.6 µs to clone a 131-property object literal and >10 µs for an object
 * filled key by key in a loop, which ends up in dictionary mode). new-enriched-event.test.ts checks that the fields
 * and their order match common/enriched-fields.ts.
 */
import type { EnrichedEvent } from '../model/enriched-event';

// Declaration merging: the instance has every field of EnrichedEvent (assigned in the constructor below).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface EnrichedEventRecord extends EnrichedEvent {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class EnrichedEventRecord {
  constructor() {
    this.app_id = null;
    this.platform = null;
    this.etl_tstamp = null;
    this.collector_tstamp = null;
    this.dvce_created_tstamp = null;
    this.event = null;
    this.event_id = null;
    this.txn_id = null;
    this.name_tracker = null;
    this.v_tracker = null;
    this.v_collector = null;
    this.v_etl = null;
    this.user_id = null;
    this.user_ipaddress = null;
    this.user_fingerprint = null;
    this.domain_userid = null;
    this.domain_sessionidx = null;
    this.network_userid = null;
    this.geo_country = null;
    this.geo_region = null;
    this.geo_city = null;
    this.geo_zipcode = null;
    this.geo_latitude = null;
    this.geo_longitude = null;
    this.geo_region_name = null;
    this.ip_isp = null;
    this.ip_organization = null;
    this.ip_domain = null;
    this.ip_netspeed = null;
    this.page_url = null;
    this.page_title = null;
    this.page_referrer = null;
    this.page_urlscheme = null;
    this.page_urlhost = null;
    this.page_urlport = null;
    this.page_urlpath = null;
    this.page_urlquery = null;
    this.page_urlfragment = null;
    this.refr_urlscheme = null;
    this.refr_urlhost = null;
    this.refr_urlport = null;
    this.refr_urlpath = null;
    this.refr_urlquery = null;
    this.refr_urlfragment = null;
    this.refr_medium = null;
    this.refr_source = null;
    this.refr_term = null;
    this.mkt_medium = null;
    this.mkt_source = null;
    this.mkt_term = null;
    this.mkt_content = null;
    this.mkt_campaign = null;
    this.contexts = [];
    this.se_category = null;
    this.se_action = null;
    this.se_label = null;
    this.se_property = null;
    this.se_value = null;
    this.unstruct_event = null;
    this.tr_orderid = null;
    this.tr_affiliation = null;
    this.tr_total = null;
    this.tr_tax = null;
    this.tr_shipping = null;
    this.tr_city = null;
    this.tr_state = null;
    this.tr_country = null;
    this.ti_orderid = null;
    this.ti_sku = null;
    this.ti_name = null;
    this.ti_category = null;
    this.ti_price = null;
    this.ti_quantity = null;
    this.pp_xoffset_min = null;
    this.pp_xoffset_max = null;
    this.pp_yoffset_min = null;
    this.pp_yoffset_max = null;
    this.useragent = null;
    this.br_name = null;
    this.br_family = null;
    this.br_version = null;
    this.br_type = null;
    this.br_renderengine = null;
    this.br_lang = null;
    this.br_features_pdf = null;
    this.br_features_flash = null;
    this.br_features_java = null;
    this.br_features_director = null;
    this.br_features_quicktime = null;
    this.br_features_realplayer = null;
    this.br_features_windowsmedia = null;
    this.br_features_gears = null;
    this.br_features_silverlight = null;
    this.br_cookies = null;
    this.br_colordepth = null;
    this.br_viewwidth = null;
    this.br_viewheight = null;
    this.os_name = null;
    this.os_family = null;
    this.os_manufacturer = null;
    this.os_timezone = null;
    this.dvce_type = null;
    this.dvce_ismobile = null;
    this.dvce_screenwidth = null;
    this.dvce_screenheight = null;
    this.doc_charset = null;
    this.doc_width = null;
    this.doc_height = null;
    this.tr_currency = null;
    this.tr_total_base = null;
    this.tr_tax_base = null;
    this.tr_shipping_base = null;
    this.ti_currency = null;
    this.ti_price_base = null;
    this.base_currency = null;
    this.geo_timezone = null;
    this.mkt_clickid = null;
    this.mkt_network = null;
    this.etl_tags = null;
    this.dvce_sent_tstamp = null;
    this.refr_domain_userid = null;
    this.refr_dvce_tstamp = null;
    this.derived_contexts = [];
    this.domain_sessionid = null;
    this.derived_tstamp = null;
    this.event_vendor = null;
    this.event_name = null;
    this.event_format = null;
    this.event_version = null;
    this.event_fingerprint = null;
    this.true_tstamp = null;
  }
}

export function newEnrichedEvent(): EnrichedEvent {
  return new EnrichedEventRecord();
}
