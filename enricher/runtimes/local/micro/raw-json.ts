/**
 * Micro's `rawEvent` and `collectorPayload` JSON shapes, from Sleet's RawEvent and decoded CollectorPayload.
 * The raw events of a payload are recovered with the enrichment core's own loader and adapters, so they are exactly
 * what was enriched.
 */
import type { CollectorPayload } from '../../../../common/thrift';
import { decodeCollectorPayload } from '../../../../common/thrift';
import type { IgluValidator } from '../../../iglu/types';
import { adapterFor } from '../../../adapters/registry';
import type { RawEvent } from '../../../model/raw-event';
import { runIgluSteps } from '../../../pipeline/iglu-steps';
import { loadPayload } from '../../../pipeline/load-payload';

export interface RawEventJson {
  api: { vendor: string; version: string };
  parameters: Record<string, string>;
  contentType: string | null;
  source: { name: string; encoding: string; hostname: string | null };
  context: { timestamp: string; ipAddress: string | null; useragent: string | null; refererUri: string | null; headers: readonly string[]; userId: string | null };
}

export interface CollectorPayloadJson {
  api: { vendor: string; version: string } | null;
  querystring: Array<{ name: string; value: string | null }>;
  contentType: string | null;
  body: string | null;
  source: { name: string; encoding: string; hostname: string | null };
  context: { timestamp: string; ipAddress: string | null; useragent: string | null; refererUri: string | null; headers: readonly string[]; userId: string | null };
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

export function rawEventJson(e: RawEvent): RawEventJson {
  return {
    api: { vendor: e.vendor, version: e.version },
    parameters: Object.fromEntries(e.parameters),
    contentType: e.contentType,
    source: { name: e.loaderName, encoding: e.encoding, hostname: e.hostname },
    context: { timestamp: iso(e.timestamp), ipAddress: e.ipAddress, useragent: e.useragent, refererUri: e.refererUri, headers: e.headers, userId: e.userId },
  };
}

export function collectorPayloadJson(p: CollectorPayload): CollectorPayloadJson {
  const m = /^\/([^/]+)\/([^/]+)/.exec(p.path ?? '');
  const api = p.path === '/i' || p.path === '/ice.png' ? { vendor: 'com.snowplowanalytics.snowplow', version: 'tp1' } : m === null ? null : { vendor: m[1], version: m[2] };
  const querystring = (p.querystring ?? '')
    .split('&')
    .filter((kv) => kv !== '')
    .map((kv) => {
      const eq = kv.indexOf('=');
      const decode = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return eq < 0 ? { name: decode(kv), value: null } : { name: decode(kv.slice(0, eq)), value: decode(kv.slice(eq + 1)) };
    });
  return {
    api,
    querystring,
    contentType: p.contentType ?? null,
    body: p.body ?? null,
    source: { name: p.collector, encoding: p.encoding, hostname: p.hostname ?? null },
    context: {
      timestamp: iso(p.timestamp),
      ipAddress: p.ipAddress,
      useragent: p.userAgent ?? null,
      refererUri: p.refererUri ?? null,
      headers: p.headers ?? [],
      userId: p.networkUserId ?? null,
    },
  };
}

/** The raw events of one record (empty when it does not load or adapt: those records yield bad rows). */
export async function rawEventsOf(record: Uint8Array, iglu: IgluValidator): Promise<RawEvent[]> {
  try {
    const loaded = loadPayload(record);
    if (!loaded.ok) return [];
    const outcome = await runIgluSteps(adapterFor(loaded.loaded)(loaded.loaded), iglu);
    return outcome.ok ? outcome.events : [];
  } catch {
    return [];
  }
}

/** The decoded CollectorPayload of a record, or null when it is not Thrift. */
export function collectorPayloadOf(record: Uint8Array): CollectorPayloadJson | null {
  try {
    return collectorPayloadJson(decodeCollectorPayload(record));
  } catch {
    return null;
  }
}
