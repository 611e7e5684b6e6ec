/**
 * Content-Type normalisation (spec/collector.md §4.3): parsed and re-rendered as `type/subtype[; k=v…][; charset=<canonical>]`,
 * then lower-cased, so `application/json;charset=UTF-8` becomes `application/json; charset=utf-8` — the form
 * enrich's adapters accept. A charset Java does not know is dropped; an unparseable header gives undefined.
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** RFC 7230 quoted-string: no controls but tab, `"` and `\` only escaped. */
function isQuotedString(v: string): boolean {
  if (v.length < 2 || v[0] !== '"' || v[v.length - 1] !== '"') return false;
  for (let i = 1; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c === 0x22) return false;
    if (c === 0x5c && ++i >= v.length - 1) return false;
  }
  return true;
}

/** Canonical (lower-cased) charset names by alias, after Java's Charset registry for the common charsets. */
const CHARSETS: ReadonlyMap<string, string> = (() => {
  const table: Record<string, string[]> = {
    'utf-8': ['utf8', 'unicode-1-1-utf-8'],
    'iso-8859-1': ['iso8859-1', 'iso_8859-1', 'iso_8859_1', 'iso8859_1', 'latin1', 'l1', '8859_1', 'ibm819', 'cp819', 'ibm-819', '819', 'iso-ir-100', 'csisolatin1', 'iso_8859-1:1987'],
    'us-ascii': ['ascii', 'us', 'iso646-us', 'iso_646.irv:1983', 'iso_646.irv:1991', 'ansi_x3.4-1968', 'ansi_x3.4-1986', 'ascii7', '646', 'cp367', 'ibm367', 'csascii', 'default', 'iso-ir-6'],
    'utf-16': ['utf_16', 'utf16', 'unicode'],
    'utf-16be': ['utf_16be', 'x-utf-16be', 'iso-10646-ucs-2', 'unicodebigunmarked'],
    'utf-16le': ['utf_16le', 'x-utf-16le', 'unicodelittleunmarked'],
    'utf-32': ['utf_32', 'utf32'],
    'utf-32be': ['utf_32be', 'x-utf-32be'],
    'utf-32le': ['utf_32le', 'x-utf-32le'],
    'windows-1250': ['cp1250', 'cp5346'],
    'windows-1251': ['cp1251', 'cp5347', 'ansi-1251'],
    'windows-1252': ['cp1252', 'cp5348', 'ibm-1252', 'ibm1252'],
    'windows-1253': ['cp1253', 'cp5349'],
    'windows-1254': ['cp1254', 'cp5350'],
    'windows-1257': ['cp1257', 'cp5353'],
    'iso-8859-2': ['iso8859_2', 'iso8859-2', 'iso_8859-2', 'latin2', 'l2', '8859_2', 'iso-ir-101', 'csisolatin2'],
    'iso-8859-5': ['iso8859_5', 'iso8859-5', 'iso_8859-5', 'cyrillic', '8859_5', 'iso-ir-144', 'csisolatincyrillic'],
    'iso-8859-7': ['iso8859_7', 'iso8859-7', 'iso_8859-7', 'greek', 'greek8', 'elot_928', 'ecma-118', 'sun_eu_greek', 'iso-ir-126', 'csisolatingreek'],
    'iso-8859-9': ['iso8859_9', 'iso8859-9', 'iso_8859-9', 'latin5', 'l5', '8859_9', 'iso-ir-148', 'csisolatin5'],
    'iso-8859-15': ['iso8859_15', 'iso8859-15', 'iso_8859-15', 'latin9', 'latin0', 'l9', '8859_15', 'csisolatin9', 'iso8859_15_fdis', 'csisolatin0', 'ibm923', 'ibm-923', 'cp923', '923'],
    'koi8-r': ['koi8_r', 'koi8', 'cskoi8r'],
    'shift_jis': ['sjis', 'shift-jis', 'ms_kanji', 'x-sjis', 'csshiftjis'],
    'euc-jp': ['euc_jp', 'eucjis', 'eucjp', 'x-euc-jp', 'x-eucjp', 'csEUCPkdFmtjapanese'.toLowerCase(), 'extended_unix_code_packed_format_for_japanese'],
    'iso-2022-jp': ['iso2022jp', 'jis', 'csjisencoding', 'csiso2022jp', 'jis_encoding'],
    'euc-kr': ['euc_kr', 'ksc5601', 'euckr', 'ks_c_5601-1987', 'ksc5601-1987', 'ksc5601_1987', 'ksc_5601', 'csEUCKR'.toLowerCase(), '5601'],
    gbk: ['cp936', 'windows-936', 'x-gbk'],
    gb2312: ['gb2312', 'euc-cn', 'x-euc-cn', 'euccn', 'euc_cn', 'gb2312-80', 'gb2312-1980'],
    gb18030: ['gb18030-2000', 'gb18030-2022'],
    big5: ['csbig5'],
  };
  const m = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(table)) {
    m.set(canonical, canonical);
    for (const a of aliases) m.set(a, canonical);
  }
  return m;
})();

export interface ContentType {
  /** Normalised, lower-cased text stored in the payload and appended to the headers list. */
  readonly normalised: string;
  /** Canonical charset, when one was given and known. */
  readonly charset: string | undefined;
}

const cache = new Map<string, ContentType | undefined>();

export function normaliseContentType(header: string): ContentType | undefined {
  // Trackers send a handful of distinct values; cache them (bounded).
  if (cache.has(header)) return cache.get(header);
  const result = parse(header);
  if (cache.size < 256) cache.set(header, result);
  return result;
}

function parse(header: string): ContentType | undefined {
  const parts = header.split(';');
  const mediaType = parts[0].trim();
  if (!MEDIA_TYPE.test(mediaType)) return undefined;
  let rendered = mediaType;
  let charset: string | undefined;
  let charsetSeen = false;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i].trim();
    if (p === '') {
      if (i === parts.length - 1) continue;
      return undefined;
    }
    const eq = p.indexOf('=');
    if (eq <= 0) return undefined;
    const key = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    if (!TOKEN.test(key) || !(TOKEN.test(value) || isQuotedString(value))) return undefined;
    if (key.toLowerCase() === 'charset') {
      if (charsetSeen) continue;
      charsetSeen = true;
      charset = CHARSETS.get((value.startsWith('"') ? value.slice(1, -1) : value).toLowerCase());
    } else {
      rendered += `; ${key}=${value}`;
    }
  }
  if (charset !== undefined) rendered += `; charset=${charset}`;
  return { normalised: rendered.toLowerCase(), charset };
}

/** windows-1252 0x80–0x9F (Node 20's TextDecoder decodes them as latin1 C1 controls); unassigned → U+FFFD. */
const CP1252_HIGH = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

function decodeWindows1252(body: Buffer): string {
  let out = '';
  for (const b of body) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** Decodes a request body with its declared charset (UTF-8 when absent or unknown); invalid bytes become U+FFFD. */
export function decodeBody(body: Buffer, charset: string | undefined): string {
  if (charset === undefined || charset === 'utf-8') return body.toString('utf8');
  if (charset === 'iso-8859-1') return body.toString('latin1');
  if (charset === 'utf-16le') return body.toString('utf16le');
  if (charset === 'windows-1252' || charset === 'us-ascii') return decodeWindows1252(body);
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return body.toString('utf8');
  }
}
