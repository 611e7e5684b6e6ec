/**
 * `user_agent_utils_config` (spec/enrich.md §4.4, deprecated in Snowplow, no parameters): fills `br_name`,
 * `br_family`, `br_version`, `br_type`, `br_renderengine`, `os_name`, `os_family`, `os_manufacturer`, `dvce_type`
 * and `dvce_ismobile`. Snowplow used the abandoned Java UserAgentUtils library; we parse with ua-parser-js 1.x (plus
 * isbot for robots) and translate into UserAgentUtils' vocabulary, as documented in docs/enrichments.md
 * ("user_agent_utils_config: field mapping"). Values are close, not identical, to what UserAgentUtils printed.
 */
import { isbot } from 'isbot';
import { ENRICHED_FIELDS } from '../../common/enriched-fields';
import { checkParameters } from './config/parameters';
import { Enrichment, EnrichmentFactory, EnrichmentFactoryContext, EnrichmentInput } from './enrichment';
import { LruCache } from './lru-cache';
import { parseUserAgent, UaParserJsResult } from './ua-parser-js-results';

const NAME = 'user_agent_utils_config';

type UaUtilsField =
  | 'br_name'
  | 'br_family'
  | 'br_version'
  | 'br_type'
  | 'br_renderengine'
  | 'os_name'
  | 'os_family'
  | 'os_manufacturer'
  | 'dvce_type'
  | 'dvce_ismobile';

export type UserAgentUtilsFields = Readonly<Record<UaUtilsField, string | null>>;

/** UserAgentUtils `Browser` group and display names for ua-parser-js browser names. */
const BROWSERS: Readonly<Record<string, { family: string; name?: string; mobileName?: string }>> = {
  Chrome: { family: 'Chrome', mobileName: 'Chrome Mobile' },
  'Mobile Chrome': { family: 'Chrome', name: 'Chrome Mobile' },
  'Chrome Headless': { family: 'Chrome', name: 'Chrome' },
  'Chrome WebView': { family: 'Chrome', name: 'Chrome Mobile' },
  Chromium: { family: 'Chrome', name: 'Chrome' },
  Firefox: { family: 'Firefox', mobileName: 'Firefox Mobile' },
  'Mobile Firefox': { family: 'Firefox', name: 'Firefox Mobile' },
  Safari: { family: 'Safari', mobileName: 'Mobile Safari' },
  'Mobile Safari': { family: 'Safari', name: 'Mobile Safari' },
  Edge: { family: 'Microsoft Edge', name: 'Microsoft Edge', mobileName: 'Microsoft Edge Mobile' },
  IE: { family: 'Internet Explorer' },
  IEMobile: { family: 'Internet Explorer', name: 'IE Mobile' },
  Opera: { family: 'Opera', mobileName: 'Opera Mobile' },
  'Opera Mini': { family: 'Opera', name: 'Opera Mini' },
  'Opera Mobi': { family: 'Opera', name: 'Opera Mobile' },
  'Opera Touch': { family: 'Opera', name: 'Opera Mobile' },
  'Opera GX': { family: 'Opera', name: 'Opera' },
  'Samsung Internet': { family: 'Samsung Internet' },
  'Android Browser': { family: 'Safari', name: 'Android Browser' },
  Silk: { family: 'Silk', name: 'Silk' },
  Thunderbird: { family: 'Thunderbird' },
  Konqueror: { family: 'Konqueror' },
  Vivaldi: { family: 'Vivaldi' },
  Yandex: { family: 'Yandex Browser' },
  UCBrowser: { family: 'UC Browser' },
  WebKit: { family: 'Apple WebKit', name: 'Apple WebKit' },
};

const EMAIL_CLIENTS = new Set(['Thunderbird', 'Outlook', 'Apple Mail', 'Lotus Notes']);
const TEXT_BROWSERS = new Set(['Lynx', 'Links', 'w3m', 'ELinks']);

/** `RenderingEngine` enum names (Snowplow wrote `toString`, i.e. the constant name). */
const ENGINES: Readonly<Record<string, string>> = {
  Blink: 'BLINK',
  WebKit: 'WEBKIT',
  Gecko: 'GECKO',
  Trident: 'TRIDENT',
  EdgeHTML: 'EDGE_HTML',
  Presto: 'PRESTO',
  KHTML: 'KHTML',
};

/** UserAgentUtils `OperatingSystem` group names and `Manufacturer` names. */
const OS: Readonly<Record<string, { family: string; manufacturer: string }>> = {
  Windows: { family: 'Windows', manufacturer: 'Microsoft Corporation' },
  'Windows Phone': { family: 'Windows', manufacturer: 'Microsoft Corporation' },
  'Windows Mobile': { family: 'Windows', manufacturer: 'Microsoft Corporation' },
  Xbox: { family: 'Xbox OS', manufacturer: 'Microsoft Corporation' },
  'Mac OS': { family: 'Mac OS X', manufacturer: 'Apple Inc.' },
  iOS: { family: 'iOS', manufacturer: 'Apple Inc.' },
  watchOS: { family: 'iOS', manufacturer: 'Apple Inc.' },
  Android: { family: 'Android', manufacturer: 'Google Inc.' },
  'Chromium OS': { family: 'Chrome OS', manufacturer: 'Google Inc.' },
  Fuchsia: { family: 'Fuchsia', manufacturer: 'Google Inc.' },
  Ubuntu: { family: 'Linux', manufacturer: 'Canonical Ltd.' },
  BlackBerry: { family: 'BlackBerryOS', manufacturer: 'Research In Motion Limited' },
  RIM: { family: 'BlackBerryOS', manufacturer: 'Research In Motion Limited' },
  'RIM Tablet OS': { family: 'BlackBerryOS', manufacturer: 'Research In Motion Limited' },
  Symbian: { family: 'Symbian OS', manufacturer: 'Symbian Ltd.' },
  Series40: { family: 'Series 40', manufacturer: 'Nokia Corporation' },
  PlayStation: { family: 'Sony Playstation', manufacturer: 'Sony Computer Entertainment, Inc.' },
  Nintendo: { family: 'Nintendo', manufacturer: 'Nintendo' },
  'Fire OS': { family: 'Android', manufacturer: 'Amazon.com, Inc.' },
  Tizen: { family: 'Tizen', manufacturer: 'Samsung Electronics' },
  WebOS: { family: 'WebOS', manufacturer: 'Hewlet Packard' },
  Roku: { family: 'Roku OS', manufacturer: 'Roku, Inc.' },
};
const UNIX_LIKE = /^(Linux|Debian|Fedora|CentOS|RedHat|SUSE|Mint|Arch|Gentoo|Slackware|Mandriva|Mageia|Kubuntu|Manjaro|elementary OS|PCLinuxOS|Zenwalk|Linpus|VectorLinux|Sabayon|Deepin|GNU)$/;

/** `DeviceType` names for ua-parser-js device types. */
const DEVICE_TYPES: Readonly<Record<string, string>> = {
  mobile: 'Mobile',
  tablet: 'Tablet',
  wearable: 'Wearable computer',
  console: 'Game console',
  smarttv: 'Digital media receiver',
  embedded: 'Unknown',
};
const MOBILE_DEVICE_TYPES = new Set(['Mobile', 'Tablet', 'Wearable computer']);
const DESKTOP_OS_FAMILIES = new Set(['Windows', 'Mac OS X', 'Linux', 'Chrome OS']);

/** What UserAgentUtils printed for robots (Browser.BOT and OperatingSystem.UNKNOWN). */
const ROBOT: UserAgentUtilsFields = Object.freeze({
  br_name: 'Robot/Spider',
  br_family: 'Robot/Spider',
  br_version: null,
  br_type: 'Robot',
  br_renderengine: 'OTHER',
  os_name: 'Unknown',
  os_family: 'Unknown',
  os_manufacturer: 'Other',
  dvce_type: 'Unknown',
  dvce_ismobile: '0',
});

const LIMITS = new Map(ENRICHED_FIELDS.map((f) => [f.name, (f as { maxLength?: number }).maxLength]));

/** Atomic limits apply to these fields; an over-long parsed value is cut rather than turning the event into a bad row. */
function fitToLimit(field: UaUtilsField, value: string | null): string | null {
  const max = LIMITS.get(field);
  return value !== null && max !== undefined && value.length > max ? value.slice(0, max) : value;
}

export function userAgentUtilsFields(ua: string): UserAgentUtilsFields {
  if (isbot(ua)) return ROBOT;
  return mapResult(parseUserAgent(ua));
}

function mapResult(r: UaParserJsResult): UserAgentUtilsFields {
  const dvceType = deviceType(r);
  const mobile = MOBILE_DEVICE_TYPES.has(dvceType);
  const browser = r.browser.name ? BROWSERS[r.browser.name] : undefined;
  const browserName = r.browser.name
    ? (mobile ? browser?.mobileName : undefined) ??
      browser?.name ??
      (r.browser.name === 'IE' && r.browser.major ? `Internet Explorer ${r.browser.major}` : r.browser.name)
    : 'Unknown';
  const os = r.os.name ? OS[r.os.name] ?? (UNIX_LIKE.test(r.os.name) ? { family: 'Linux', manufacturer: 'Other' } : undefined) : undefined;
  const fields: Record<UaUtilsField, string | null> = {
    br_name: browserName,
    br_family: r.browser.name ? browser?.family ?? r.browser.name : 'Unknown',
    br_version: r.browser.version ?? null,
    br_type: browserType(r, mobile),
    br_renderengine: (r.engine.name && ENGINES[r.engine.name]) || 'OTHER',
    os_name: osName(r, dvceType),
    os_family: r.os.name ? os?.family ?? r.os.name : 'Unknown',
    os_manufacturer: os?.manufacturer ?? 'Other',
    dvce_type: dvceType,
    dvce_ismobile: mobile ? '1' : '0',
  };
  for (const k of Object.keys(fields) as UaUtilsField[]) fields[k] = fitToLimit(k, fields[k]);
  return Object.freeze(fields);
}

function browserType(r: UaParserJsResult, mobile: boolean): string {
  const name = r.browser.name;
  if (!name) return 'unknown';
  if (EMAIL_CLIENTS.has(name)) return 'Email Client';
  if (TEXT_BROWSERS.has(name)) return 'Browser (text only)';
  if (name === 'Chrome WebView' || name.endsWith('App')) return 'Application';
  return mobile ? 'Browser (mobile)' : 'Browser';
}

function deviceType(r: UaParserJsResult): string {
  const type = r.device.type ? DEVICE_TYPES[r.device.type] : undefined;
  if (type) return type;
  const osName = r.os.name;
  if (!osName) return 'Unknown';
  if (osName === 'iOS' || osName === 'Android' || osName === 'Windows Phone') return 'Mobile';
  const family = OS[osName]?.family ?? (UNIX_LIKE.test(osName) ? 'Linux' : undefined);
  return family !== undefined && DESKTOP_OS_FAMILIES.has(family) ? 'Computer' : 'Unknown';
}

function osName(r: UaParserJsResult, dvceType: string): string {
  const { name, version } = r.os;
  if (!name) return 'Unknown';
  const major = version?.split('.')[0];
  switch (name) {
    case 'Windows':
      return version ? `Windows ${version}` : 'Windows';
    case 'Mac OS':
      return 'Mac OS X';
    case 'iOS':
      return dvceType === 'Tablet' ? 'iOS (iPad)' : r.device.model === 'iPod touch' ? 'iOS (iPod)' : 'iOS (iPhone)';
    case 'Android':
      return `Android${major ? ` ${major}.x` : ''}${dvceType === 'Tablet' ? ' Tablet' : ''}`;
    case 'Chromium OS':
      return 'Chrome OS';
    default:
      return name;
  }
}

export class UserAgentUtilsEnrichment implements Enrichment {
  readonly slot = 'user_agent_utils' as const;
  readonly name = NAME;
  readonly #cache = new LruCache<string, UserAgentUtilsFields>(5_000);

  enrich({ event }: EnrichmentInput): undefined {
    const ua = event.useragent;
    if (ua === null || ua === '') return undefined;
    let fields = this.#cache.get(ua);
    if (fields === undefined) {
      fields = userAgentUtilsFields(ua);
      this.#cache.set(ua, fields);
    }
    const target = event as unknown as Record<UaUtilsField, string | null>;
    for (const k of Object.keys(fields) as UaUtilsField[]) target[k] = fields[k];
    return undefined;
  }
}

export const userAgentUtilsFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  async create(parameters: unknown, ctx: EnrichmentFactoryContext): Promise<Enrichment> {
    checkParameters(parameters ?? {}, { type: 'object', maxProperties: 0 }, ctx.file, NAME);
    ctx.log.warn('user_agent_utils_config is deprecated in Snowplow; Sleet fills its fields from ua-parser-js 1.x (close to, not equal to, UserAgentUtils values)');
    return new UserAgentUtilsEnrichment();
  },
};
