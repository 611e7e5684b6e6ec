/**
 * User-Agent Client Hints from the two places a Snowplow pipeline sees them:
 * - the `Sec-CH-UA*` request headers the browser sent to the collector (RFC 8941 structured fields), kept in the
 *   CollectorPayload headers;
 * - the JavaScript tracker's `iglu:org.ietf/http_client_hints/jsonschema/1-0-0` entity (navigator.userAgentData,
 *   with high-entropy values when the tracker asked for them).
 * The tracker entity wins field by field (it is usually the more complete); headers fill what it lacks.
 */
import type { SelfDescribingJson } from '../model/self-describing';

export interface BrandVersion {
  readonly brand: string;
  readonly version: string;
}

export interface ClientHints {
  readonly brands: readonly BrandVersion[] | null;
  readonly fullVersionList: readonly BrandVersion[] | null;
  readonly fullVersion: string | null;
  readonly mobile: boolean | null;
  readonly platform: string | null;
  readonly platformVersion: string | null;
  readonly architecture: string | null;
  readonly bitness: string | null;
  readonly model: string | null;
}

const HINTS_CONTEXT = /^iglu:org\.ietf\/http_client_hints\/jsonschema\/1-/;
/** Longest hint value read (real ones are well under 200 characters). */
const MAX_VALUE_LENGTH = 1024;
const MAX_BRANDS = 16;

/** Client hints of one event, or null when there are none. */
export function readClientHints(headers: readonly string[], contexts: readonly SelfDescribingJson[]): ClientHints | null {
  const fromHeaders = hintsFromHeaders(headers);
  const fromContext = hintsFromContext(contexts);
  if (!fromHeaders && !fromContext) return null;
  const pick = <K extends keyof ClientHints>(k: K): ClientHints[K] => (fromContext?.[k] ?? fromHeaders?.[k] ?? null) as ClientHints[K];
  return {
    brands: pick('brands'),
    fullVersionList: pick('fullVersionList'),
    fullVersion: pick('fullVersion'),
    mobile: pick('mobile'),
    platform: pick('platform'),
    platformVersion: pick('platformVersion'),
    architecture: pick('architecture'),
    bitness: pick('bitness'),
    model: pick('model'),
  };
}

function hintsFromHeaders(headers: readonly string[]): ClientHints | null {
  let found = false;
  const values = new Map<string, string>();
  for (const header of headers) {
    if (header.length < 9 || (header.charCodeAt(0) | 0x20) !== 0x73 /* s */) continue;
    const colon = header.indexOf(':');
    if (colon < 0) continue;
    const name = header.slice(0, colon).trim().toLowerCase();
    if (!name.startsWith('sec-ch-ua')) continue;
    const value = header.slice(colon + 1).trim();
    if (value.length > MAX_VALUE_LENGTH) continue;
    values.set(name, value);
    found = true;
  }
  if (!found) return null;
  const str = (name: string) => {
    const v = values.get(name);
    return v === undefined ? null : parseSfString(v);
  };
  const mobile = values.get('sec-ch-ua-mobile');
  return {
    brands: parseBrandList(values.get('sec-ch-ua')),
    fullVersionList: parseBrandList(values.get('sec-ch-ua-full-version-list')),
    fullVersion: str('sec-ch-ua-full-version'),
    mobile: mobile === '?1' ? true : mobile === '?0' ? false : null,
    platform: str('sec-ch-ua-platform'),
    platformVersion: str('sec-ch-ua-platform-version'),
    architecture: str('sec-ch-ua-arch'),
    bitness: str('sec-ch-ua-bitness'),
    model: str('sec-ch-ua-model'),
  };
}

function hintsFromContext(contexts: readonly SelfDescribingJson[]): ClientHints | null {
  const entity = contexts.find((c) => typeof c.schema === 'string' && HINTS_CONTEXT.test(c.schema));
  if (!entity || typeof entity.data !== 'object' || entity.data === null) return null;
  const d = entity.data as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= MAX_VALUE_LENGTH ? v : null);
  const brands = Array.isArray(d.brands)
    ? d.brands
        .slice(0, MAX_BRANDS)
        .filter((b): b is { brand: string; version: string } => typeof b?.brand === 'string' && typeof b?.version === 'string')
        .map((b) => ({ brand: b.brand.slice(0, MAX_VALUE_LENGTH), version: b.version.slice(0, MAX_VALUE_LENGTH) }))
    : null;
  return {
    brands: brands && brands.length > 0 ? brands : null,
    fullVersionList: null,
    fullVersion: text(d.uaFullVersion),
    mobile: typeof d.isMobile === 'boolean' ? d.isMobile : null,
    platform: text(d.platform),
    platformVersion: text(d.platformVersion),
    architecture: text(d.architecture),
    bitness: null,
    model: text(d.model),
  };
}

/** An RFC 8941 sf-string (`"Windows"`), or null when the value is not one. */
export function parseSfString(value: string): string | null {
  const parsed = readString(value, 0);
  return parsed && value.slice(parsed.end).trim() === '' ? parsed.text : null;
}

function readString(s: string, start: number): { text: string; end: number } | null {
  if (s[start] !== '"') return null;
  let text = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const next = s[i + 1];
      if (next !== '"' && next !== '\\') return null;
      text += next;
      i++;
    } else if (c === '"') {
      return { text, end: i + 1 };
    } else {
      text += c;
    }
  }
  return null;
}

/** `"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"` → brands; null when malformed. */
export function parseBrandList(value: string | undefined): BrandVersion[] | null {
  if (value === undefined) return null;
  const out: BrandVersion[] = [];
  let i = 0;
  const skipSpaces = () => {
    while (value[i] === ' ' || value[i] === '\t') i++;
  };
  while (i < value.length && out.length < MAX_BRANDS) {
    skipSpaces();
    const brand = readString(value, i);
    if (!brand) return null;
    i = brand.end;
    let version = '';
    while (value[i] === ';') {
      i++;
      skipSpaces();
      const eq = value.indexOf('=', i);
      if (eq < 0) return null;
      const key = value.slice(i, eq).trim();
      i = eq + 1;
      const v = readString(value, i);
      let paramValue: string;
      if (v) {
        paramValue = v.text;
        i = v.end;
      } else {
        const m = /^[^;,]*/.exec(value.slice(i))![0];
        paramValue = m.trim();
        i += m.length;
      }
      if (key === 'v') version = paramValue;
    }
    out.push({ brand: brand.text, version });
    skipSpaces();
    if (i < value.length) {
      if (value[i] !== ',') return null;
      i++;
    }
  }
  return out.length > 0 ? out : null;
}

const GREASE = /^\W*not\W*a\W*brand\W*$/i;

/** The brand that names the browser: not a GREASE entry, and not `Chromium` when a more specific one is listed. */
export function significantBrand(brands: readonly BrandVersion[] | null): BrandVersion | null {
  if (!brands) return null;
  const real = brands.filter((b) => !GREASE.test(b.brand));
  return real.find((b) => b.brand !== 'Chromium') ?? real[0] ?? null;
}
