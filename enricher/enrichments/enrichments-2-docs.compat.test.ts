/**
 * Compatibility tier: every example config in docs/enrichments-2.md validates against its schema in Iglu Central
 * (../shared/iglu-central) and builds with Sleet's factory — the configs are Snowplow's format, accepted unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Enrichment, EnrichmentFactory } from './enrichment';
import { testFactoryContext } from './enrichments-2-test-support';
import { anonIpFactory } from './anon_ip';
import { campaignAttributionFactory } from './campaign_attribution';
import { cookieExtractorFactory } from './cookie_extractor';
import { crossNavigationFactory } from './cross_navigation';
import { eventFingerprintFactory } from './event_fingerprint';
import { httpHeaderExtractorFactory } from './http_header_extractor';
import { javascriptScriptFactory } from './javascript_script';
import { piiFactory } from './pii';
import { refererParserFactory } from './referer_parser';

const ROOT = join(__dirname, '..', '..');
const IGLU = join(ROOT, '..', 'shared', 'iglu-central', 'schemas');
const FACTORIES: readonly EnrichmentFactory[] = [
  refererParserFactory,
  campaignAttributionFactory,
  crossNavigationFactory,
  eventFingerprintFactory,
  cookieExtractorFactory,
  httpHeaderExtractorFactory,
  javascriptScriptFactory,
  anonIpFactory,
  piiFactory,
];

interface Config {
  schema: string;
  data: { vendor: string; name: string; enabled: boolean; parameters?: unknown } & Record<string, unknown>;
}

function docExamples(): Config[] {
  const markdown = readFileSync(join(ROOT, 'docs', 'enrichments-2.md'), 'utf8');
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as Config);
}

describe('docs/enrichments-2.md example configs', () => {
  const examples = docExamples();
  const ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: false, logger: false });
  addFormats(ajv);
  const built: Enrichment[] = [];
  afterAll(() => built.forEach((e) => e.close?.()));

  test('one example per enrichment', () => {
    expect(examples.map((e) => e.data.name).sort()).toEqual(FACTORIES.map((f) => f.name).sort());
  });

  test.each(examples.map((e) => [e.data.name, e] as const))('%s validates against Iglu Central and builds', async (_name, example) => {
    const path = example.schema.replace(/^iglu:/, '');
    const schema = JSON.parse(readFileSync(join(IGLU, path), 'utf8')) as object;
    const validate = ajv.compile(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(example.data)).toBe(true);

    const factory = FACTORIES.find((f) => f.name === example.data.name && f.vendor === example.data.vendor);
    expect(factory).toBeDefined();
    expect(path.split('/')[3].split('-')[0]).toBe(String(factory?.model));
    const ctx = testFactoryContext('docs', { 'referers-latest.json': '{"search":{"Google":{"domains":["google.com"],"parameters":["q"]}}}' }, example.data);
    const enrichment = await (factory as EnrichmentFactory).create(example.data.parameters, ctx, example.schema);
    built.push(enrichment);
    expect(enrichment.name).toBe(example.data.name);
  });
});
