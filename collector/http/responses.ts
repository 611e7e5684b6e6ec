/**
 * Literal response bodies and header values (spec/collector.md §1.3–1.8), byte-exact. Kept as Buffers so that
 * Content-Length is known up front and nothing is re-encoded per request.
 */

/** The 43-byte transparent 1×1 GIF89a of collector 3.x (§1.3). */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

export const BODY_OK = Buffer.from('ok');
export const BODY_NOT_FOUND = Buffer.from('Not found');
export const BODY_REDIRECTS_DISABLED = Buffer.from('redirects disabled');
export const BODY_SERVICE_UNAVAILABLE = Buffer.from('Service Unavailable');
export const BODY_INTERNAL_ERROR = Buffer.from('Internal Server Error');
export const BODY_BODY_CONSUMED = Buffer.from('collector mounted after a body parser: the raw request body is not available');
export const BODY_ROBOTS = Buffer.from('User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: AdsBot-Google\nDisallow: /');
export const EMPTY = Buffer.alloc(0);

export const TEXT_PLAIN_UTF8 = 'text/plain; charset=UTF-8';
/** POST answers carry `text/plain` with no charset (§1.4). */
export const TEXT_PLAIN = 'text/plain';
export const IMAGE_GIF = 'image/gif';
export const TEXT_XML = 'text/xml';
export const NO_CACHE = 'no-cache, no-store, must-revalidate';

/** Body of /crossdomain.xml (§1.8): no indentation, no trailing newline. */
export function crossDomainXml(domains: readonly string[], secure: boolean): Buffer {
  const lines = ['<?xml version="1.0"?>', '<cross-domain-policy>'];
  for (const d of domains) lines.push(`<allow-access-from domain="${d}" secure="${secure}" />`);
  lines.push('</cross-domain-policy>');
  return Buffer.from(lines.join('\n'));
}
