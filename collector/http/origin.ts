/**
 * The `Origin` request header (RFC 6454): space-separated `scheme://host[:port]` entries or `null`. Used for the
 * CORS echo (spec/collector.md §3) and the cookie domain (§2.3). Values are rebuilt from the parsed parts with a
 * strict character set, so nothing a client sends can reach a response header unchecked.
 */
export interface ParsedOrigin {
  /** `scheme://host[:port]`, safe to echo in Access-Control-Allow-Origin. */
  readonly text: string;
  readonly host: string;
}

/** scheme "://" host [":" port]; hosts as browsers send them (ASCII/punycode names, IPv4, bracketed IPv6). */
const ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?$/;

/** All origins of the header; `null` entries contribute nothing; undefined when any entry is malformed. */
export function parseOriginHeader(header: string | undefined): readonly ParsedOrigin[] | undefined {
  if (header === undefined || header.length > 2048) return undefined;
  const out: ParsedOrigin[] = [];
  for (const entry of header.split(' ')) {
    if (entry === '' || entry === 'null') continue;
    const m = ORIGIN.exec(entry);
    if (m === null) return undefined;
    out.push({ text: m[3] === undefined ? `${m[1]}://${m[2]}` : `${m[1]}://${m[2]}:${m[3]}`, host: m[2] });
  }
  return out;
}

/** Access-Control-Allow-Origin: the first origin, or `*` when the request has no usable Origin. */
export function allowOriginValue(origins: readonly ParsedOrigin[] | undefined): string {
  return origins !== undefined && origins.length > 0 ? origins[0].text : '*';
}
