/**
 * event_fingerprint_config — `iglu:com.snowplowanalytics.snowplow/event_fingerprint_config/jsonschema/1-0-*`
 * (spec/enrich.md §4.9). `event_fingerprint` = lower-case hex digest (UTF-8) of the raw event's tracker parameters,
 * minus `excludeParameters`, sorted by name in UTF-16 code-unit order, each written as `name␟value␟` (U+001F).
 */
import { hash } from 'node:crypto';
import { Enrichment, EnrichmentConfigError, EnrichmentFactory } from './enrichment';

const NAME = 'event_fingerprint_config';
const UNIT_SEPARATOR = '\u001f';

/** Config names → node:crypto names. Schema 1-0-0 allows only MD5; the SHA variants need 1-0-1. */
export const FINGERPRINT_ALGORITHMS = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as const;
export type FingerprintAlgorithm = keyof typeof FINGERPRINT_ALGORITHMS;

export interface EventFingerprintConfig {
  readonly hashAlgorithm: FingerprintAlgorithm;
  readonly excludeParameters: readonly string[];
}

export function parseEventFingerprintConfig(parameters: unknown, file: string): EventFingerprintConfig {
  const fail = (problem: string): never => {
    throw new EnrichmentConfigError(file, NAME, problem);
  };
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return fail('parameters must be an object with hashAlgorithm and excludeParameters');
  }
  const p = parameters as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (key !== 'hashAlgorithm' && key !== 'excludeParameters') fail(`unknown parameter "${key}"`);
  }
  if (typeof p.hashAlgorithm !== 'string' || !Object.hasOwn(FINGERPRINT_ALGORITHMS, p.hashAlgorithm)) {
    fail(`parameters.hashAlgorithm must be one of ${Object.keys(FINGERPRINT_ALGORITHMS).join(', ')}, got ${JSON.stringify(p.hashAlgorithm)}`);
  }
  if (!Array.isArray(p.excludeParameters) || !p.excludeParameters.every((n) => typeof n === 'string')) {
    fail('parameters.excludeParameters must be an array of parameter names (e.g. ["eid", "nuid", "stm", "cv"])');
  }
  return { hashAlgorithm: p.hashAlgorithm as FingerprintAlgorithm, excludeParameters: p.excludeParameters as string[] };
}

/** Up to this many parameters are sorted by insertion as they are collected (typical events have 15–40). */
const INSERTION_SORT_MAX = 64;

/**
 * The fingerprint of one parameter map (exported for tests and for re-computation tools). Names and values are
 * collected in two arrays kept in name order (`<` compares UTF-16 code units, as the default sort), so no entry
 * arrays, no second map lookup per name and one concatenated string hashed in one call.
 */
export function eventFingerprint(
  parameters: ReadonlyMap<string, string | null>,
  config: EventFingerprintConfig,
  excluded: ReadonlySet<string> = new Set(config.excludeParameters),
): string {
  const names: string[] = [];
  const values: string[] = [];
  parameters.forEach((value, name) => {
    if (value == null || excluded.has(name)) return;
    let j = names.length - 1;
    if (j < INSERTION_SORT_MAX) {
      for (; j >= 0 && names[j] > name; j--) {
        names[j + 1] = names[j];
        values[j + 1] = values[j];
      }
    }
    names[j + 1] = name;
    values[j + 1] = value;
  });
  let text = '';
  if (names.length <= INSERTION_SORT_MAX + 1) {
    for (let i = 0; i < names.length; i++) text += names[i] + UNIT_SEPARATOR + values[i] + UNIT_SEPARATOR;
  } else {
    // Many parameters (unusual): the tail was appended unsorted; sort positions instead of moving pairs.
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    for (const i of order) text += names[i] + UNIT_SEPARATOR + values[i] + UNIT_SEPARATOR;
  }
  // One-shot `crypto.hash` (strings are hashed as UTF-8): cheaper than createHash per event.
  return hash(FINGERPRINT_ALGORITHMS[config.hashAlgorithm], text, 'hex');
}

export function createEventFingerprint(config: EventFingerprintConfig): Enrichment {
  const excluded = new Set(config.excludeParameters);
  return {
    slot: 'event_fingerprint',
    name: NAME,
    enrich({ event, raw }) {
      event.event_fingerprint = eventFingerprint(raw.parameters, config, excluded);
      return undefined;
    },
  };
}

export const eventFingerprintFactory: EnrichmentFactory = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: NAME,
  model: 1,
  create: async (parameters, ctx) => createEventFingerprint(parseEventFingerprintConfig(parameters, ctx.file)),
};
