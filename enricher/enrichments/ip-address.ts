import { isIPv6 } from 'node:net';

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Where octet `octet` (0–3) of the dotted quad `text` starts, or -1 when `text` is not one. Accepts exactly what
 * node:net `isIPv4` accepts (four decimal octets 0–255 without leading zeros, nothing else), with a character scan
 * instead of a regex: it runs for every event (ip_lookups, anon_ip).
 */
export function ipv4OctetStart(text: string, octet: number): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let start = -1;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part === octet) start = i;
    const first = i;
    let value = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && text.charCodeAt(first) === ZERO)) return -1;
    if (part < 3) {
      if (i >= length || text.charCodeAt(i) !== DOT) return -1;
      i++;
    }
  }
  return i === length ? start : -1;
}

/** The 32-bit value (unsigned) of a dotted quad, or -1 when `text` is not one (same test as ipv4OctetStart). */
export function ipv4Value(text: string): number {
  if (ipv4OctetStart(text, 0) !== 0) return -1;
  let value = 0;
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      value = value * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - ZERO);
  }
  return value * 256 + octet;
}

/** Same answer as node:net `isIPv4` (see ipv4OctetStart). */
export function isIpv4(text: string): boolean {
  return ipv4OctetStart(text, 0) === 0;
}

/**
 * Normalises `user_ipaddress` into a lookup key: IPv4 dotted quads as they are, IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`, `::ffff:102:304`) as the IPv4 address (as Java's InetAddress, and so Snowplow, does), other
 * IPv6 lower-cased. Brackets (`[2001:db8::1]`) and zone ids (`fe80::1%eth0`) are removed. Returns null when the text
 * is not an IP address (lookups are then skipped, never an error).
 */
export function normaliseIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.length === 0 || ip.length > 64) return null;
  if (isIpv4(ip)) return ip;
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone > 0) ip = ip.slice(0, zone);
  if (!isIPv6(ip)) return null;
  const bytes = ipv6Bytes(ip);
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  return ip.toLowerCase();
}

/** The 16 bytes of a valid IPv6 address (including an embedded dotted IPv4 tail). */
export function ipv6Bytes(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const expand = (s: string | undefined): number[] =>
    (s ? s.split(':') : []).flatMap((g) =>
      g.includes('.') ? g.split('.').map(Number) : [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff],
    );
  const left = expand(head);
  const right = expand(tail);
  return [...left, ...new Array<number>(16 - left.length - right.length).fill(0), ...right];
}

/** The 4 bytes of a valid IPv4 address. */
export function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}
