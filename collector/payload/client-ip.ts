/**
 * The payload's `ipAddress` (spec/collector.md §4.4): the first entry of the first `X-Forwarded-For` header when the
 * whole header parses, else the TCP peer; `unknown` for SP-Anonymous, for a literal `unknown` first entry or when
 * no address is known. IPv6 is written in URI form (`[2001:db8::1]`), IPv4-mapped peers as plain IPv4.
 */
import { isIPv4, isIPv6 } from 'node:net';

export const UNKNOWN_IP = 'unknown';

function ipv6UriForm(addr: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped !== null) return mapped[1];
  try {
    return new URL(`http://[${addr}]/`).hostname;
  } catch {
    return `[${addr}]`;
  }
}

/** One XFF entry: a canonical address, `null` for `unknown`, undefined when not an address. */
function parseEntry(entry: string): string | null | undefined {
  if (entry === 'unknown') return null;
  if (isIPv4(entry)) return entry;
  if (isIPv6(entry)) return ipv6UriForm(entry);
  return undefined;
}

/** XFF first entry, `null` (= unknown) or undefined when the header is absent or unparseable. */
export function forwardedForIp(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const comma = header.indexOf(',');
  if (comma < 0) return parseEntry(header.trim());
  const entries = header.split(',');
  let first: string | null | undefined;
  for (let i = 0; i < entries.length; i++) {
    const parsed = parseEntry(entries[i].trim());
    if (parsed === undefined) return undefined;
    if (i === 0) first = parsed;
  }
  return first;
}

export function peerIp(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || remoteAddress === '') return UNKNOWN_IP;
  if (isIPv4(remoteAddress)) return remoteAddress;
  return isIPv6(remoteAddress) ? ipv6UriForm(remoteAddress) : UNKNOWN_IP;
}

export function clientIp(anonymous: boolean, xForwardedFor: string | undefined, remoteAddress: string | undefined): string {
  if (anonymous) return UNKNOWN_IP;
  const forwarded = forwardedForIp(xForwardedFor);
  if (forwarded === null) return UNKNOWN_IP;
  return forwarded ?? peerIp(remoteAddress);
}
