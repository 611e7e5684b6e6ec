/**
 * The payload parts of bad rows (spec/enrich.md §3.3): `Payload.CollectorPayload` and `Payload.EnrichmentPayload`
 * (`enriched` = all 131 columns in TSV order, JSON-typed; `raw` = the raw event). Absent values are null.
 */
import { ENRICHED_FIELDS } from '../../common/enriched-fields';
import type { CollectorPayload } from '../../common/thrift';
import type { NameValuePair } from '../mapping/querystring';
import { jodaIso } from '../mapping/timestamps';
import type { EnrichedEvent } from '../model/enriched-event';
import type { RawEvent } from '../model/raw-event';
import { scalaMapOrder } from './scala-map-order';
import { formatContexts, formatUnstruct } from './tsv';

export interface CollectorPayloadApi {
  readonly vendor: string;
  readonly version: string;
}

export function collectorPayloadJson(
  api: CollectorPayloadApi,
  p: CollectorPayload,
  querystring: readonly NameValuePair[],
  ipAddress: string | null,
): Record<string, unknown> {
  return {
    vendor: api.vendor,
    version: api.version,
    querystring: querystring.map((q) => ({ name: q.name, value: q.value })),
    contentType: p.contentType ?? null,
    body: p.body ?? null,
    collector: p.collector,
    encoding: p.encoding,
    hostname: p.hostname ?? null,
    timestamp: jodaIso(p.timestamp),
    ipAddress,
    useragent: p.userAgent ?? null,
    refererUri: p.refererUri ?? null,
    headers: p.headers ?? [],
    networkUserId: p.networkUserId ?? null,
  };
}

/** Numbers in the partially enriched event: int (except txn_id), float and bool01 columns (§3.3). */
const NUMERIC = new Set<string>(
  ENRICHED_FIELDS.filter((f) => (f.type === 'int' && f.name !== 'txn_id') || f.type === 'float' || f.type === 'bool01').map(
    (f) => f.name,
  ),
);

export function partiallyEnrichedJson(event: EnrichedEvent): Record<string, unknown> {
  const fields = event as unknown as Record<string, string | null>;
  const out: Record<string, unknown> = {};
  for (const f of ENRICHED_FIELDS) {
    const name = f.name;
    if (name === 'contexts') out[name] = formatContexts(event.contexts) || null;
    else if (name === 'unstruct_event') out[name] = formatUnstruct(event.unstruct_event) || null;
    else if (name === 'derived_contexts') out[name] = formatContexts(event.derived_contexts) || null;
    else {
      const v = fields[name] ?? null;
      if (v !== null && NUMERIC.has(name)) {
        const n = Number(v);
        out[name] = Number.isFinite(n) ? n : v;
      } else out[name] = v;
    }
  }
  return out;
}

export function rawEventJson(raw: RawEvent): Record<string, unknown> {
  return {
    vendor: raw.vendor,
    version: raw.version,
    parameters: scalaMapOrder([...raw.parameters]).map(([name, value]) => ({ name, value })),
    contentType: raw.contentType,
    loaderName: raw.loaderName,
    encoding: raw.encoding,
    hostname: raw.hostname,
    timestamp: jodaIso(raw.timestamp),
    ipAddress: raw.ipAddress,
    useragent: raw.useragent,
    refererUri: raw.refererUri,
    headers: raw.headers,
    userId: raw.userId,
  };
}

export function enrichmentPayloadJson(event: EnrichedEvent, raw: RawEvent): Record<string, unknown> {
  return { enriched: partiallyEnrichedJson(event), raw: rawEventJson(raw) };
}
