import { isbotMatch, isbotPatterns } from 'isbot';
import { BOT_DETECTION_CONTEXT_SCHEMA, botDetectionFactory } from './bot-detection';
import { EnrichmentConfigError } from './enrichment';
import { testFactoryContext, testInput } from './testing/enrichment-input';
import { validateAgainstSleetSchema } from './testing/sleet-schema';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

async function detect(ua: string | null, parameters: unknown = {}) {
  const enrichment = await botDetectionFactory.create(parameters, testFactoryContext().ctx, 'iglu:dev.sleet/bot_detection_config/jsonschema/1-0-0');
  const contexts = enrichment.enrich(testInput({ fields: { useragent: ua } }))?.contexts;
  if (!contexts) return undefined;
  expect(contexts[0].schema).toBe(BOT_DETECTION_CONTEXT_SCHEMA);
  expect(validateAgainstSleetSchema(BOT_DETECTION_CONTEXT_SCHEMA, contexts[0].data)).toEqual([]);
  return contexts[0].data;
}

describe('dev.sleet bot detection (isbot)', () => {
  it('marks browsers as humans and crawlers as bots, naming the matched part', async () => {
    expect(await detect(CHROME)).toEqual({ isBot: false, matchedPattern: null });
    expect(JSON.stringify(await detect(GOOGLEBOT))).toBe(`{"isBot":true,"matchedPattern":"${isbotMatch(GOOGLEBOT)}"}`);
    expect(await detect('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36')).toMatchObject({ isBot: true });
    expect(await detect('curl/8.5.0')).toMatchObject({ isBot: true });
  });

  it('emits nothing without a user agent', async () => {
    expect(await detect(null)).toBeUndefined();
  });

  it('takes extra patterns and drops excluded ones', async () => {
    expect(await detect(`${CHROME} AcmeMonitor/1.0`, { additionalPatterns: ['acmemonitor'] })).toEqual({ isBot: true, matchedPattern: 'AcmeMonitor' });
    // Dropping every isbot pattern that catches curl makes it a visitor (e.g. a monitoring probe to be counted).
    const curlPatterns = isbotPatterns('curl/8.5.0');
    expect(curlPatterns.length).toBeGreaterThan(0);
    expect(await detect('curl/8.5.0', { excludedPatterns: curlPatterns })).toEqual({ isBot: false, matchedPattern: null });
    expect(await detect(GOOGLEBOT, { excludedPatterns: curlPatterns })).toMatchObject({ isBot: true });
  });

  it('keeps matchedPattern within the schema limit on hostile input', async () => {
    const data = (await detect('a'.repeat(100_000))) as { matchedPattern: string | null };
    expect(data.matchedPattern === null || data.matchedPattern.length <= 1024).toBe(true);
  });

  it('refuses bad parameters with a clear message', async () => {
    const create = (p: unknown) => botDetectionFactory.create(p, testFactoryContext().ctx, 'x');
    await expect(create({ additionalPatterns: ['(unclosed'] })).rejects.toThrow(/additionalPatterns "\(unclosed" is not a regular expression/);
    await expect(create({ excludedPatterns: ['not-in-the-list'] })).rejects.toThrow(/excludedPatterns not in isbot's list: "not-in-the-list"/);
    await expect(create({ patterns: [] })).rejects.toThrow(EnrichmentConfigError);
  });
});
