/**
 * The network user id stored in the payload and set in the `sp` cookie (spec/collector.md §2.2). Precedence:
 * SP-Anonymous → all zeros; the `nuid` query parameter; the network cookie; the cookie-bounce fallback; a fresh v4.
 *
 * Deliberate deviation, documented in docs/collector.md: a `nuid` parameter or cookie value that is not a UUID is
 * ignored. Snowplow stores and reflects it verbatim, which lets a request put arbitrary text into Set-Cookie and
 * makes enrich reject the whole payload (`collector_payload_format_violation`).
 */
import { randomUUID } from 'node:crypto';

export const ANONYMOUS_NETWORK_USER_ID = '00000000-0000-0000-0000-000000000000';

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export function isUuid(s: string | undefined): s is string {
  return s !== undefined && s.length === 36 && UUID.test(s);
}

/** First value of query parameter `name`, form-decoded (`+` is a space); undefined when absent or malformed. */
export function firstQueryParam(query: string, name: string): string | undefined {
  const key = `${name}=`;
  let from = 0;
  while (from < query.length) {
    const at = query.indexOf(key, from);
    if (at < 0) return undefined;
    if (at === 0 || query.charCodeAt(at - 1) === 38 /* & */) {
      let end = query.indexOf('&', at);
      if (end < 0) end = query.length;
      const raw = query.slice(at + key.length, end);
      try {
        return decodeURIComponent(raw.includes('+') ? raw.replace(/\+/g, ' ') : raw);
      } catch {
        return undefined;
      }
    }
    from = at + key.length;
  }
  return undefined;
}

export interface NetworkUserIdInput {
  readonly anonymous: boolean;
  /** Raw query string. */
  readonly query: string;
  /** Value of the network cookie in the request, if any. */
  readonly cookieValue: string | undefined;
}

export type NetworkUserIdSource = 'anonymous' | 'param' | 'cookie' | 'new';

export interface NetworkUserId {
  readonly value: string;
  readonly source: NetworkUserIdSource;
}

export function resolveNetworkUserId(input: NetworkUserIdInput): NetworkUserId {
  if (input.anonymous) return { value: ANONYMOUS_NETWORK_USER_ID, source: 'anonymous' };
  if (input.query.length > 0 && input.query.includes('nuid=')) {
    const param = firstQueryParam(input.query, 'nuid');
    if (isUuid(param)) return { value: param, source: 'param' };
  }
  if (isUuid(input.cookieValue)) return { value: input.cookieValue, source: 'cookie' };
  return { value: randomUUID(), source: 'new' };
}
