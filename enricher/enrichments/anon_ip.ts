/**
 * anon_ip — `iglu:com.snowplowanalytics.snowplow/anon_ip/jsonschema/1-0-*` (spec/enrich.md §4.2).
 * Masks the end of `user_ipaddress`: `anonOctets` IPv4 octets (1–4) and `anonSegments` IPv6 groups (1–8, schema
 * 1-0-1; defaults to `anonOctets`). Runs after ip_lookups and IAB, before PII.
 */
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from './enrichment';
import { anonymiseIp } from './anon-ip-address';

const NAME = 'anon_ip';

export interface AnonIpConfig {
  readonly anonOctets: number;
  readonly anonSegments: number;
}

function integerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function parseAnonIpConfig(parameters: unknown, file: string): AnonIpConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with anonOctets (1-4) and optional anonSegments (1-8)');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (key !== 'anonOctets' && key !== 'anonSegments') fail(`unknown parameter "${key}"`);
  }
  if (!integerIn(p.anonOctets, 1, 4)) fail(`parameters.anonOctets must be an integer from 1 to 4, got ${JSON.stringify(p.anonOctets)}`);
  const anonOctets = p.anonOctets as number;
  if (p.anonSegments !== undefined && !integerIn(p.anonSegments, 1, 8)) {
    fail(`parameters.anonSegments must be an integer from 1 to 8, got ${JSON.stringify(p.anonSegments)}`);
  }
  return { anonOctets, anonSegments: (p.anonSegments as number | undefined) ?? anonOctets };
}

export function createAnonIp(config: AnonIpConfig): Enrichment {
  return {
    slot: 'anon_ip',
    name: NAME,
    enrich({ event }) {
      const ip = event.user_ipaddress;
      if (ip !== null) event.user_ipaddress = anonymiseIp(ip, config.anonOctets, config.anonSegments);
      return undefined;
    },
  };
}

export const anonIpFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  create: async (parameters, ctx) => createAnonIp(parseAnonIpConfig(parameters, ctx.file)),
};
