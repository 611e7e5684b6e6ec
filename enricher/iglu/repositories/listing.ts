/**
 * Listing the schemas of an HTTP repository (for `sleet schemas mirror`). Both kinds answer `GET {uri}/schemas`:
 * - Iglu Server (`uri` ending in `/api`): the listing API, an array of `iglu:` URIs (`?repr=uri`) for the schemas the
 *   `apikey` may read (spec/iglu-and-output.md §1.7);
 * - a static registry published with `igluctl static s3cp`: the `schemas` list object, an array of every URI (§1.6).
 * Other static registries (plain web servers, most mirrors) have no listing: the keys must be given explicitly.
 */
import { isSchemaKey, parseSchemaKey, SchemaKey } from '../schema-key';
import { httpGet } from './http-get';
import { HttpTimeouts, redactUri, registryBase } from './http';

export type ListingResult = { readonly kind: 'listed'; readonly keys: SchemaKey[]; readonly skipped: string[] } | { readonly kind: 'unavailable'; readonly reason: string };

/** Largest listing accepted (an Iglu Server with tens of thousands of schemas is a few MB). */
export const MAX_LISTING_BYTES = 64 * 1024 * 1024;

/** Reads one listing entry: an `iglu:` URI, or an object with a `self` block (`repr=canonical`/`meta`). */
function entryKey(entry: unknown): SchemaKey | null {
  if (typeof entry === 'string') {
    const k = parseSchemaKey(entry);
    return isSchemaKey(k) ? k : null;
  }
  if (typeof entry === 'object' && entry !== null) {
    const o = entry as Record<string, unknown>;
    const self = (o.self ?? (o.schema as Record<string, unknown> | undefined)?.self) as Record<string, unknown> | undefined;
    if (self !== undefined && typeof self === 'object') {
      const k = parseSchemaKey(`iglu:${String(self.vendor)}/${String(self.name)}/${String(self.format)}/${String(self.version)}`);
      return isSchemaKey(k) ? k : null;
    }
  }
  return null;
}

export async function listRepository(uri: string, apikey: string | null, timeouts: HttpTimeouts): Promise<ListingResult> {
  const url = `${registryBase(uri)}/schemas?repr=uri`;
  const r = await httpGet(url, {
    headers: apikey === null ? {} : { apikey },
    originOnlyHeaders: ['apikey'],
    ...timeouts,
    maxBodyBytes: MAX_LISTING_BYTES,
  });
  const shown = `${redactUri(uri)}/schemas`;
  if (r.kind === 'failure') return { kind: 'unavailable', reason: r.message.replace(url, shown) };
  if (r.kind === 'too-large') return { kind: 'unavailable', reason: `listing at ${shown} exceeds ${MAX_LISTING_BYTES} bytes` };
  if (r.status < 200 || r.status >= 300) return { kind: 'unavailable', reason: `HTTP ${r.status} for ${shown}` };
  let value: unknown;
  try {
    value = JSON.parse(r.body);
  } catch {
    return { kind: 'unavailable', reason: `${shown} is not a JSON listing` };
  }
  if (!Array.isArray(value)) return { kind: 'unavailable', reason: `${shown} is not a JSON array` };
  const keys: SchemaKey[] = [];
  const skipped: string[] = [];
  for (const entry of value) {
    const k = entryKey(entry);
    if (k === null) skipped.push(JSON.stringify(entry).slice(0, 200));
    else keys.push(k);
  }
  return { kind: 'listed', keys, skipped };
}
