/**
 * Adapters turn one collector payload into raw events (spec/enrich.md §0 step 3, §2). They are chosen by the
 * `(vendor, version)` of the payload path. Failures become `adapter_failures` or, for the Snowplow tp2 and redirect
 * adapters, `tracker_protocol_violations` (§2.2, §3.1).
 */
import type { CollectorPayload } from '../../common/thrift';
import type { RawEvent } from '../model/raw-event';
import type { NameValuePair } from '../mapping/querystring';
import type { AdapterMessage } from '../pipeline/failure-messages';
import type { IgluSteps } from '../pipeline/iglu-steps';

/** A thrift payload after the loader: its API, decoded querystring and client IP (§0.1). */
export interface LoadedPayload {
  readonly payload: CollectorPayload;
  readonly vendor: string;
  readonly version: string;
  /** Querystring pairs in order, duplicates and null values kept (as in bad-row payloads). */
  readonly querystring: readonly NameValuePair[];
  /** IpAddressExtractor result: X-Forwarded-For / Forwarded / thrift ipAddress. */
  readonly ipAddress: string | null;
  readonly decoder: TextDecoder;
}

export type AdapterFailureType = 'adapter_failures' | 'tracker_protocol_violations';

export type AdapterOutcome =
  | { readonly ok: true; readonly events: RawEvent[] }
  | { readonly ok: false; readonly type: AdapterFailureType; readonly messages: AdapterMessage[] };

export type Adapter = (input: LoadedPayload) => IgluSteps<AdapterOutcome>;

/** Querystring pairs → parameter map: last duplicate wins, null values (`name` without `=`) left out. */
export function querystringParams(pairs: readonly NameValuePair[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of pairs) {
    if (p.value === null) {
      m.delete(p.name);
      continue;
    }
    const size = m.size;
    m.set(p.name, p.value);
    if (m.size === size) {
      // A duplicate: it wins, and takes the last position.
      m.delete(p.name);
      m.set(p.name, p.value);
    }
  }
  return m;
}

export function rawEvent(input: LoadedPayload, parameters: ReadonlyMap<string, string>): RawEvent {
  const p = input.payload;
  return {
    vendor: input.vendor,
    version: input.version,
    parameters,
    contentType: p.contentType ?? null,
    loaderName: p.collector,
    encoding: p.encoding,
    hostname: p.hostname ?? null,
    timestamp: p.timestamp,
    ipAddress: input.ipAddress,
    useragent: p.userAgent ?? null,
    refererUri: p.refererUri ?? null,
    headers: p.headers ?? [],
    userId: p.networkUserId ?? null,
  };
}

export function failed(type: AdapterFailureType, messages: AdapterMessage[]): AdapterOutcome {
  return { ok: false, type, messages };
}
