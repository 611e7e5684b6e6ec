import { USER_AGENT_CONTEXT_SCHEMA, userAgentContextFactory, windowsVersion } from './user-agent-context';
import { testFactoryContext, testInput, TestInputSpec } from './testing/enrichment-input';
import { validateAgainstSleetSchema } from './testing/sleet-schema';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const REDUCED_ANDROID = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

async function contextFor(spec: TestInputSpec, parameters: unknown = {}) {
  const enrichment = await userAgentContextFactory.create(parameters, testFactoryContext().ctx, 'iglu:dev.sleet/user_agent_context_config/jsonschema/1-0-0');
  const contexts = enrichment.enrich(testInput(spec))?.contexts;
  if (!contexts) return undefined;
  expect(contexts).toHaveLength(1);
  expect(contexts[0].schema).toBe(USER_AGENT_CONTEXT_SCHEMA);
  expect(validateAgainstSleetSchema(USER_AGENT_CONTEXT_SCHEMA, contexts[0].data)).toEqual([]);
  return contexts[0].data as Record<string, unknown>;
}

describe('dev.sleet user_agent_context', () => {
  it('describes the user agent with ua-parser-js', async () => {
    const data = await contextFor({ fields: { useragent: CHROME_WINDOWS } });
    expect(JSON.stringify(data)).toBe(
      '{"browserName":"Chrome","browserVersion":"124.0.0.0","browserMajor":"124","engineName":"Blink","engineVersion":"124.0.0.0",' +
        '"osName":"Windows","osVersion":"10","deviceType":null,"deviceVendor":null,"deviceModel":null,"cpuArchitecture":"amd64",' +
        '"cpuBitness":null,"isMobile":null,"clientHintsUsed":false}',
    );
  });

  it('refines it with Sec-CH-UA* headers: full version, Windows 11, architecture', async () => {
    const data = await contextFor({
      fields: { useragent: CHROME_WINDOWS },
      headers: [
        'Sec-CH-UA: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"',
        'Sec-CH-UA-Mobile: ?0',
        'Sec-CH-UA-Platform: "Windows"',
        'Sec-CH-UA-Platform-Version: "15.0.0"',
        'Sec-CH-UA-Full-Version-List: "Chromium";v="124.0.6367.91", "Google Chrome";v="124.0.6367.91", "Not-A.Brand";v="99.0.0.0"',
        'Sec-CH-UA-Arch: "arm"',
        'Sec-CH-UA-Bitness: "64"',
      ],
    });
    expect(data).toMatchObject({
      browserName: 'Chrome',
      browserVersion: '124.0.6367.91',
      osName: 'Windows',
      osVersion: '11',
      cpuArchitecture: 'arm64',
      cpuBitness: '64',
      isMobile: false,
      clientHintsUsed: true,
    });
  });

  it("recovers the device model and Android version behind Chrome's reduced user agent from the tracker entity", async () => {
    const data = await contextFor({
      fields: { useragent: REDUCED_ANDROID },
      contexts: [
        {
          schema: 'iglu:org.ietf/http_client_hints/jsonschema/1-0-0',
          data: { isMobile: true, brands: [{ brand: 'Google Chrome', version: '124' }], model: 'Pixel 7', platform: 'Android', platformVersion: '14.0.0' },
        },
      ],
    });
    expect(data).toMatchObject({ osName: 'Android', osVersion: '14.0.0', deviceModel: 'Pixel 7', deviceType: 'mobile', isMobile: true, clientHintsUsed: true });
  });

  it('works from client hints alone when the user agent is missing', async () => {
    const data = await contextFor({ headers: ['Sec-CH-UA: "Microsoft Edge";v="124", "Chromium";v="124"', 'Sec-CH-UA-Platform: "macOS"'] });
    expect(data).toMatchObject({ browserName: 'Edge', browserMajor: '124', osName: 'Mac OS', clientHintsUsed: true });
  });

  it('ignores client hints when useClientHints is false, and emits nothing without user agent or hints', async () => {
    const data = await contextFor({ fields: { useragent: CHROME_WINDOWS }, headers: ['Sec-CH-UA-Platform-Version: "15.0.0"', 'Sec-CH-UA-Platform: "Windows"'] }, { useClientHints: false });
    expect(data).toMatchObject({ osVersion: '10', clientHintsUsed: false });
    expect(await contextFor({})).toBeUndefined();
    expect(await contextFor({ headers: ['Sec-CH-UA-Platform: "Windows"'] }, { useClientHints: false })).toBeUndefined();
  });

  it('keeps every value within the schema limits, whatever is sent', async () => {
    const data = await contextFor({
      fields: { useragent: `Mozilla/5.0 (Linux; Android 14; ${'M'.repeat(3000)}) Chrome/1${'0'.repeat(400)}.0 Mobile Safari/537.36` },
      headers: [`Sec-CH-UA-Model: "${'x'.repeat(1000)}"`, `Sec-CH-UA-Bitness: "${'6'.repeat(100)}"`, `Sec-CH-UA-Arch: "${'a'.repeat(500)}"`],
    });
    expect(data).toBeDefined();
  });

  it('rejects unknown parameters', async () => {
    await expect(userAgentContextFactory.create({ clientHints: true }, testFactoryContext().ctx, 'x')).rejects.toThrow(/unknown key 'clientHints'/);
  });

  it.each([
    ['15.0.0', '11'],
    ['13.0.0', '11'],
    ['10.0.0', '10'],
    ['1.0.0', '10'],
    ['0.3.0', '8.1'],
    ['0.1.0', '7'],
    ['0.0.0', null],
    ['abc', null],
  ])('Windows platform version %s → %p', (input, expected) => {
    expect(windowsVersion(input)).toBe(expected);
  });
});
