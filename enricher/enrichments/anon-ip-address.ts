/**
 * IP address masking rules of Snowplow's anon_ip enrichment (spec/enrich.md §4.2). Mask character `x`.
 * - IPv4: the text is split on `.` and the parts from position `4 − anonOctets` on are replaced; an IPv4-mapped
 *   IPv6 address (`::ffff:1.2.3.4`) keeps its literal prefix and the rule applies to its IPv4 part.
 * - IPv6: re-printed in Java's uncompressed form (8 groups, lower-case hex, no leading zeros, no `::`), then the last
 *   `anonSegments` groups are replaced.
 * - Anything else: with a `.` (or empty) the IPv4 rule on the raw text; with a `:` the IPv6 rule on the raw text;
 *   otherwise unchanged.
 */
import { isIPv6 } from 'node:net';
import { ipv4OctetStart } from './ip-address';

const MASK = 'x';
const IPV6_GROUPS = 8;
const IPV4_OCTETS = 4;

/** Java's `String.split` drops trailing empty strings. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function maskIpv4Text(text: string, anonOctets: number): string {
  return javaSplit(text, '.')
    .map((part, i) => (i >= IPV4_OCTETS - anonOctets ? MASK : part))
    .join('.');
}

function maskGroups(groups: readonly string[], anonSegments: number): string {
  const kept = groups.slice(0, Math.max(0, IPV6_GROUPS - anonSegments));
  while (kept.length < IPV6_GROUPS) kept.push(MASK);
  return kept.join(':');
}

/** Expands a valid IPv6 address to 8 groups in Java's `getHostAddress` form; null when not valid IPv6. */
export function expandIpv6(address: string): string[] | null {
  const zoneAt = address.indexOf('%');
  const bare = zoneAt >= 0 ? address.slice(0, zoneAt) : address;
  if (!isIPv6(bare)) return null;
  let text = bare;
  // An embedded IPv4 tail (`::1.2.3.4`, `64:ff9b::1.2.3.4`) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const o = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, null];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === null || rest === '' ? [] : rest.split(':');
  const zeros = rest === null ? [] : new Array<string>(IPV6_GROUPS - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  if (groups.length !== IPV6_GROUPS) return null;
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/**
 * True for `::ffff:a.b.c.d` (dotted IPv4-mapped), which Java parses as IPv4. The hex spelling `::ffff:5e0f:df97`
 * takes the IPv6 rule here, so that it is always masked (the textual IPv4 rule would leave it in clear).
 */
function isIpv4Mapped(address: string): boolean {
  if (!address.includes('.')) return false;
  const groups = expandIpv6(address);
  return groups !== null && groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff';
}

/** The masked ends of a dotted quad, by number of masked octets. */
const MASKED_TAILS = ['', MASK, `${MASK}.${MASK}`, `${MASK}.${MASK}.${MASK}`, `${MASK}.${MASK}.${MASK}.${MASK}`];

export function anonymiseIp(address: string, anonOctets: number, anonSegments: number): string {
  // A valid IPv4 address (the common case): its kept octets, dots included, then the masked tail.
  const maskedFrom = anonOctets >= 1 && anonOctets <= IPV4_OCTETS ? ipv4OctetStart(address, IPV4_OCTETS - anonOctets) : -1;
  if (maskedFrom >= 0) return address.slice(0, maskedFrom) + MASKED_TAILS[anonOctets];
  if (isIpv4Mapped(address)) {
    const prefixEnd = address.lastIndexOf(':') + 1;
    return address.slice(0, prefixEnd) + maskIpv4Text(address.slice(prefixEnd), anonOctets);
  }
  const groups = expandIpv6(address);
  if (groups !== null) return maskGroups(groups, anonSegments);
  if (address === '' || address.includes('.')) return maskIpv4Text(address, anonOctets);
  if (address.includes(':')) return maskGroups(javaSplit(address, ':'), anonSegments);
  return address;
}
