/**
 * The thrift loader (spec/enrich.md §0.1–0.2, §3.1): bytes → CollectorPayload → API, querystring pairs, client IP.
 * Every problem is a collector_payload_format_violation message; nothing here throws on bad input.
 */
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload } from '../../common/thrift';
import type { LoadedPayload } from '../adapters/adapter';
import { parseApi } from '../adapters/registry';
import { isUuid } from '../mapping/conversions';
import { extractIpAddress } from '../mapping/ip-address';
import { decoderFor, parseCollectorQuerystring } from '../mapping/querystring';

export type CpFormatMessage = { error: string } | { payloadField: string; value: string | null; expectation: string };

export type LoadOutcome =
  | { ok: true; loaded: LoadedPayload }
  | { ok: false; message: CpFormatMessage; payload?: CollectorPayload };

const SCHEMA_RE = /^iglu:com\.snowplowanalytics\.snowplow\/CollectorPayload\/thrift\/1-0-(0|[1-9]\d*)$/;

/** Cuts text to the length a badrows schema allows. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

export function loadPayload(bytes: Uint8Array): LoadOutcome {
  let payload: CollectorPayload;
  try {
    payload = decodeCollectorPayload(bytes);
  } catch (e) {
    return { ok: false, message: { error: cut(`error deserializing raw event: ${e instanceof Error ? e.message : String(e)}`, 512) } };
  }
  if (!SCHEMA_RE.test(payload.schema)) {
    const error = `verifying record as ${COLLECTOR_PAYLOAD_SCHEMA.replace(/1-0-0$/, '1-0-*')} failed: found ${payload.schema}`;
    return { ok: false, message: { error: cut(error, 512) }, payload };
  }
  const qs = parseCollectorQuerystring(payload.querystring ?? '', payload.encoding);
  if (!qs.ok) {
    const expectation = `could not extract name-value pairs from querystring with encoding ${payload.encoding}: ${qs.error}`;
    return {
      ok: false,
      message: { payloadField: 'querystring', value: payload.querystring ?? null, expectation: cut(expectation, 256) },
      payload,
    };
  }
  if (payload.path === undefined) {
    return { ok: false, message: { payloadField: 'path', value: null, expectation: 'path is missing' }, payload };
  }
  const api = parseApi(payload.path);
  if (api === null) {
    const expectation = 'path does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request';
    return { ok: false, message: { payloadField: 'path', value: payload.path, expectation }, payload };
  }
  if (payload.networkUserId !== undefined && !isUuid(payload.networkUserId)) {
    return {
      ok: false,
      message: { payloadField: 'networkUserId', value: payload.networkUserId, expectation: 'not a valid UUID' },
      payload,
    };
  }
  return {
    ok: true,
    loaded: {
      payload,
      vendor: api.vendor,
      version: api.version,
      querystring: qs.pairs,
      ipAddress: extractIpAddress(payload.headers, payload.ipAddress),
      decoder: decoderFor(payload.encoding) as TextDecoder,
    },
  };
}
