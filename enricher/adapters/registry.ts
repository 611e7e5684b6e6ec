/**
 * Path → API → adapter (spec/enrich.md §0.1): `^/?([^/]+)/([^/]+)/?$` gives `(vendor, version)`; otherwise `/i`,
 * `/ice.png…` or `/i?…` is tp1. Unknown pairs are adapter_failures (`vendor/version`).
 */
import type { Adapter } from './adapter';
import { failed } from './adapter';
import { igluWebhookAdapter } from './iglu-webhook';
import { redirectAdapter } from './redirect';
import { tp1Adapter } from './tp1';
import { tp2Adapter } from './tp2';

export interface CollectorApi {
  readonly vendor: string;
  readonly version: string;
}

const VENDOR_VERSION = /^\/?([^/]+)\/([^/]+)\/?$/;
export const SNOWPLOW_VENDOR = 'com.snowplowanalytics.snowplow';

/** The API of a payload path, or null when the path is not one (a collector_payload_format_violation). */
export function parseApi(path: string): CollectorApi | null {
  const m = VENDOR_VERSION.exec(path);
  if (m !== null) return { vendor: m[1] as string, version: m[2] as string };
  if (path === '/i' || path.startsWith('/ice.png') || path.startsWith('/i?')) return { vendor: SNOWPLOW_VENDOR, version: 'tp1' };
  return null;
}

const ADAPTERS = new Map<string, Adapter>([
  [`${SNOWPLOW_VENDOR}/tp1`, tp1Adapter],
  [`${SNOWPLOW_VENDOR}/tp2`, tp2Adapter],
  ['r/tp2', redirectAdapter],
  ['com.snowplowanalytics.iglu/v1', igluWebhookAdapter],
]);

function unsupported(api: CollectorApi): Adapter {
  // eslint-disable-next-line require-yield -- an adapter without Iglu lookups
  return function* () {
    return failed('adapter_failures', [
      { field: 'vendor/version', value: `${api.vendor}/${api.version}`, expectation: 'vendor/version combination is not supported' },
    ]);
  };
}

export function adapterFor(api: CollectorApi): Adapter {
  return ADAPTERS.get(`${api.vendor}/${api.version}`) ?? unsupported(api);
}
