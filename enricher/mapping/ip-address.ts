/**
 * The client IP as Enrich's `IpAddressExtractor` finds it in the CollectorPayload headers (spec/enrich.md §0.1,
 * spec/collector.md §4.4): the first `X-Forwarded-For: <ip>` header wins at once (its first address); a
 * `Forwarded: for=<ip>` header is remembered but forgotten again when any non-matching header follows it (Enrich's
 * quirk); otherwise the thrift `ipAddress`.
 */
const IP = String.raw`"?\[?((?:\d{1,3}(?:\.\d{1,3}){3})|(?:[0-9a-f:]{2,}(?:\d{1,3}(?:\.\d{1,3}){3})?))\]?"?`;
const XFF = new RegExp(`^x-forwarded-for: *${IP}`);
const FORWARDED = new RegExp(`^forwarded: *for=${IP}`);

export function extractIpAddress(headers: readonly string[] | undefined, fallback: string | null): string | null {
  if (headers === undefined) return fallback;
  let remembered: string | null = null;
  for (const header of headers) {
    const c = header.charCodeAt(0) | 32;
    if (c !== 120 && c !== 102) {
      remembered = null;
      continue;
    }
    const lower = header.toLowerCase();
    const xff = XFF.exec(lower);
    if (xff !== null) return xff[1] as string;
    const fwd = FORWARDED.exec(lower);
    remembered = fwd !== null ? (fwd[1] as string) : null;
  }
  return remembered ?? fallback;
}
