/**
 * One pass over `req.rawHeaders` (names as the client sent them, in arrival order) that yields the stored headers
 * list (spec/collector.md §4.3) and the few header values the collector itself needs.
 */
import { sanitizeCookieHeader } from '../identity/request-cookies';

export interface RequestHeaderFacts {
  /** `Name: value` entries; Cookie sanitised; without the trailing bare content type (added by the caller). */
  readonly list: string[];
  readonly anonymous: boolean;
  readonly userAgent: string | undefined;
  readonly referer: string | undefined;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  /** All Cookie lines joined with `; ` (raw, for lookups). */
  readonly cookie: string | undefined;
  /** The first X-Forwarded-For line only (§4.4). */
  readonly xForwardedFor: string | undefined;
  readonly contentType: string | undefined;
  /** Value of the configured forwarded-protocol header (cookie bounce), if asked for. */
  readonly forwardedProto: string | undefined;
}

/**
 * @param forwardedProtoHeader lower-cased name of the header carrying the original scheme, or undefined.
 */
export function scanRequestHeaders(raw: readonly string[], forwardedProtoHeader?: string): RequestHeaderFacts {
  const list: string[] = [];
  /** Entries SP-Anonymous removes (X-Forwarded-For, X-Real-Ip, Cookie), by index in `list`. */
  let identifying: number[] | undefined;
  let anonymous = false;
  let userAgent: string | undefined;
  let referer: string | undefined;
  let host: string | undefined;
  let origin: string | undefined;
  let cookie: string | undefined;
  let xForwardedFor: string | undefined;
  let contentType: string | undefined;
  let forwardedProto: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const lower = name.toLowerCase();
    switch (lower) {
      case 'cookie': {
        cookie = cookie === undefined ? value : `${cookie}; ${value}`;
        const clean = sanitizeCookieHeader(value);
        if (clean !== undefined) {
          (identifying ??= []).push(list.length);
          list.push(`Cookie: ${clean}`);
        }
        continue;
      }
      case 'x-forwarded-for':
        xForwardedFor ??= value;
        (identifying ??= []).push(list.length);
        break;
      case 'x-real-ip':
        (identifying ??= []).push(list.length);
        break;
      case 'sp-anonymous':
        anonymous = true;
        break;
      case 'user-agent':
        userAgent ??= value;
        break;
      case 'referer':
        referer ??= value;
        break;
      case 'host':
        host ??= value;
        break;
      case 'origin':
        origin ??= value;
        break;
      case 'content-type':
        contentType ??= value;
        break;
      default:
        if (lower === forwardedProtoHeader) forwardedProto ??= value;
    }
    list.push(`${name}: ${value}`);
  }
  if (anonymous && identifying !== undefined) {
    const drop = new Set(identifying);
    const kept = list.filter((_, idx) => !drop.has(idx));
    list.length = 0;
    list.push(...kept);
  }
  return { list, anonymous, userAgent, referer, host, origin, cookie, xForwardedFor, contentType, forwardedProto };
}

/** Host name of a Host header or authority, without port or userinfo (`[::1]:80` → `[::1]`). */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined;
  const at = hostHeader.lastIndexOf('@');
  const h = at >= 0 ? hostHeader.slice(at + 1) : hostHeader;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : undefined;
  }
  const colon = h.indexOf(':');
  const name = colon >= 0 ? h.slice(0, colon) : h;
  return name === '' ? undefined : name;
}
