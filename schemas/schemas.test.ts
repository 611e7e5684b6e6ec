/**
 * Lints every schema of Sleet's embedded repository (schemas/<vendor>/<name>/jsonschema/<M-R-A>): the path matches
 * the `self` block, the document is a valid Iglu (draft-04) schema, it compiles, and it accepts the valid samples
 * below and refuses the invalid ones. A new schema needs samples here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSchemaEngine, IGLU_META_SCHEMA_URI } from '../enricher/iglu/ajv-setup';
import { lintSchema } from '../enricher/iglu/compile-schema';
import { createIgluValidator } from '../enricher/iglu/create-iglu-validator';
import { SLEET_SCHEMAS_DIR, SLEET_VENDOR } from '../enricher/iglu/defaults';
import { parseResolverConfig } from '../enricher/iglu/resolver-config';
import { parseSchemaKey, isSchemaKey } from '../enricher/iglu/schema-key';

const SAMPLES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  'dev.sleet/user_agent_context/jsonschema/1-0-0': {
    valid: [
      {
        browserName: 'Chrome',
        browserVersion: '124.0.0.0',
        browserMajor: '124',
        engineName: 'Blink',
        engineVersion: '124.0.0.0',
        osName: 'Windows',
        osVersion: '10',
        deviceType: null,
        deviceVendor: null,
        deviceModel: null,
        cpuArchitecture: 'amd64',
      },
      {
        browserName: 'Mobile Safari',
        browserVersion: '17.4',
        browserMajor: '17',
        engineName: 'WebKit',
        engineVersion: '605.1.15',
        osName: 'iOS',
        osVersion: '17.4.1',
        deviceType: 'mobile',
        deviceVendor: 'Apple',
        deviceModel: 'iPhone',
        cpuArchitecture: null,
        cpuBitness: null,
        isMobile: true,
        clientHintsUsed: false,
      },
    ],
    invalid: [
      {},
      { browserName: 'Chrome' },
      {
        browserName: 1,
        browserVersion: null,
        browserMajor: null,
        engineName: null,
        engineVersion: null,
        osName: null,
        osVersion: null,
        deviceType: null,
        deviceVendor: null,
        deviceModel: null,
        cpuArchitecture: null,
      },
    ],
  },
  'dev.sleet/bot_detection_context/jsonschema/1-0-0': {
    valid: [
      { isBot: true, matchedPattern: 'googlebot' },
      { isBot: false, matchedPattern: null },
    ],
    invalid: [{ isBot: 'yes', matchedPattern: null }, { isBot: true }, { isBot: false, matchedPattern: null, extra: 1 }],
  },
  'dev.sleet/user_agent_context_config/jsonschema/1-0-0': {
    valid: [
      { vendor: 'dev.sleet', name: 'user_agent_context_config', enabled: true, parameters: { useClientHints: false } },
      { vendor: 'dev.sleet', name: 'user_agent_context_config', enabled: false },
    ],
    invalid: [
      { vendor: 'dev.sleet', name: 'user_agent_context_config' },
      { vendor: 'dev.sleet', name: 'user_agent_context_config', enabled: true, parameters: { useClientHints: 'yes' } },
      { vendor: 'dev.sleet', name: 'user_agent_context_config', enabled: true, parameters: { other: 1 } },
    ],
  },
  'dev.sleet/bot_detection_config/jsonschema/1-0-0': {
    valid: [
      { vendor: 'dev.sleet', name: 'bot_detection_config', enabled: true, parameters: { additionalPatterns: ['acmemonitor'], excludedPatterns: ['curl'] } },
      { vendor: 'dev.sleet', name: 'bot_detection_config', enabled: true },
    ],
    invalid: [
      { vendor: 'dev.sleet', name: 'bot_detection_config', enabled: true, parameters: { additionalPatterns: [''] } },
      { vendor: 'other', name: 'bot_detection_config', enabled: true },
      { vendor: 'dev.sleet', name: 'bot_detection_config', enabled: true, extra: 1 },
    ],
  },
  'dev.sleet/campaign_signup/jsonschema/1-0-0': {
    valid: [
      { campaignId: 'spring-2026', email: 'someone@example.com' },
      { campaignId: 'x', email: 'a@b.co', marketingConsent: true, referralCode: null },
    ],
    invalid: [{ campaignId: 'x' }, { campaignId: '', email: 'a@b.co' }, { campaignId: 'x', email: 'not an email' }, { campaignId: 'x', email: 'a@b.co', other: 1 }],
  },
};

function schemaPaths(root: string): string[] {
  const dirs = (d: string): string[] => readdirSync(d).filter((n) => statSync(join(d, n)).isDirectory());
  const out: string[] = [];
  for (const vendor of dirs(root))
    for (const name of dirs(join(root, vendor)))
      for (const format of dirs(join(root, vendor, name)))
        for (const version of readdirSync(join(root, vendor, name, format))) out.push(`${vendor}/${name}/${format}/${version}`);
  return out.sort();
}

const paths = schemaPaths(SLEET_SCHEMAS_DIR);
const engine = createSchemaEngine();

test('schemas/ holds Sleet schemas, all under the dev.sleet vendor', () => {
  expect(paths.length).toBeGreaterThanOrEqual(3);
  for (const p of paths) expect(p.startsWith(`${SLEET_VENDOR}/`)).toBe(true);
});

describe.each(paths)('%s', (path) => {
  const text = readFileSync(join(SLEET_SCHEMAS_DIR, ...path.split('/')), 'utf8');
  const key = parseSchemaKey(`iglu:${path}`);

  test('is a valid Iglu schema whose self block matches its path', () => {
    expect(isSchemaKey(key)).toBe(true);
    const schema = JSON.parse(text) as Record<string, unknown>;
    expect(schema.$schema).toBe(IGLU_META_SCHEMA_URI);
    expect(lintSchema(engine, schema, isSchemaKey(key) ? key : null)).toEqual([]);
    expect(() => engine.ajv.compile({ ...schema, $schema: undefined })).not.toThrow();
  });

  test('accepts its valid samples and refuses its invalid ones', async () => {
    const samples = SAMPLES[path];
    expect(samples).toBeDefined();
    const v = createIgluValidator(parseResolverConfig({ cacheSize: 10, repositories: [] }));
    for (const data of samples!.valid) await expect(v.validate(`iglu:${path}`, data)).resolves.toEqual({ ok: true });
    for (const data of samples!.invalid) await expect(v.validate(`iglu:${path}`, data)).resolves.toMatchObject({ ok: false, error: { error: 'ValidationError' } });
  });
});
