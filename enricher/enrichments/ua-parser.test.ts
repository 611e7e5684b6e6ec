import { isSharedEntityData } from '../model/shared-entity-data';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnrichmentConfigError } from './enrichment';
import { UA_PARSER_CONTEXT_SCHEMA, uaParserFactory } from './ua-parser';
import { testFactoryContext, testInput } from './testing/enrichment-input';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.152 Safari/537.36';
const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/ua_parser_config/jsonschema/1-0-1';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sleet-uap-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function contextFor(ua: string | null, parameters: unknown = {}) {
  const enrichment = await uaParserFactory.create(parameters, testFactoryContext().ctx, SCHEMA);
  const input = testInput({ fields: { useragent: ua } });
  return { result: enrichment.enrich(input), event: input.event };
}

describe('ua_parser_config', () => {
  it('emits ua_parser_context with Snowplow key order and pretty-printed versions', async () => {
    const { result } = await contextFor(CHROME_MAC);
    expect(result?.contexts).toHaveLength(1);
    expect(JSON.stringify(result!.contexts![0])).toBe(
      `{"schema":"${UA_PARSER_CONTEXT_SCHEMA}","data":{"useragentFamily":"Chrome","useragentMajor":"33","useragentMinor":"0",` +
        '"useragentPatch":"1750","useragentVersion":"Chrome 33.0.1750","osFamily":"Mac OS X","osMajor":"10","osMinor":"8",' +
        '"osPatch":"2","osPatchMinor":null,"osVersion":"Mac OS X 10.8.2","deviceFamily":"Mac"}}',
    );
  });

  it('names unknown agents Other with null versions', async () => {
    const { result } = await contextFor('definitely not a browser');
    expect(result!.contexts![0].data).toEqual({
      useragentFamily: 'Other',
      useragentMajor: null,
      useragentMinor: null,
      useragentPatch: null,
      useragentVersion: 'Other',
      osFamily: 'Other',
      osMajor: null,
      osMinor: null,
      osPatch: null,
      osPatchMinor: null,
      osVersion: 'Other',
      deviceFamily: 'Other',
    });
  });

  it('recognises mobile devices and spiders', async () => {
    const phone = await contextFor(
      'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    );
    expect(phone.result!.contexts![0].data).toMatchObject({ useragentFamily: 'Chrome Mobile', osVersion: 'Android 14', deviceFamily: 'Samsung SM-S911B' });
    const bot = await contextFor('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    expect(bot.result!.contexts![0].data).toMatchObject({ useragentFamily: 'Googlebot', useragentVersion: 'Googlebot 2.1', deviceFamily: 'Spider' });
  });

  it('does nothing without a user agent, and never touches br_* / os_* fields', async () => {
    expect((await contextFor(null)).result).toBeUndefined();
    const { event } = await contextFor(CHROME_MAC);
    expect([event.br_name, event.br_family, event.os_name, event.os_family, event.dvce_type]).toEqual([null, null, null, null, null]);
  });

  it('shares one frozen context data object per cached user agent; no event can change what the next one gets', async () => {
    const enrichment = await uaParserFactory.create({}, testFactoryContext().ctx, SCHEMA);
    const first = enrichment.enrich(testInput({ fields: { useragent: CHROME_MAC } }))!.contexts![0]!;
    expect(isSharedEntityData(first.data)).toBe(true);
    expect(Object.isFrozen(first.data)).toBe(true);
    expect(() => {
      (first.data as Record<string, unknown>).useragentFamily = 'rewritten';
    }).toThrow(TypeError);
    const second = enrichment.enrich(testInput({ fields: { useragent: CHROME_MAC } }))!.contexts![0]!;
    expect(second).not.toBe(first);
    expect(second.data).toBe(first.data);
    expect((second.data as Record<string, unknown>).useragentFamily).toBe('Chrome');
  });

  it('handles hostile user agents without hanging or throwing', async () => {
    const enrichment = await uaParserFactory.create({}, testFactoryContext().ctx, SCHEMA);
    for (const ua of ['a'.repeat(1_000_000), 'Mozilla/5.0 ('.repeat(50_000), '\u0000\uffff\ud800', ' '.repeat(5000) + '!']) {
      const result = enrichment.enrich(testInput({ fields: { useragent: ua } }));
      expect(result?.contexts).toHaveLength(1);
    }
  });

  describe('custom rules file (uri + database, 1-0-1)', () => {
    const RULES = [
      'user_agent_parsers:',
      "  - regex: '(AcmeBrowser)/(\\d+)\\.(\\d+)'",
      '  - regex: "Tool/(\\\\d+)"',
      "    family_replacement: 'Acme Tool'",
      'os_parsers:',
      "  - regex: 'AcmeOS (\\d+)'",
      "    os_replacement: 'Acme OS'",
      "    os_v1_replacement: '$1'",
      'device_parsers:',
      "  - regex: 'acmephone'",
      '    regex_flag: i',
      "    device_replacement: 'Acme Phone'",
      '',
    ].join('\n');

    it('uses only the custom rules', async () => {
      writeFileSync(join(dir, 'rules.yml'), RULES);
      const acme = await contextFor('AcmeBrowser/3.4 (AcmeOS 7; ACMEPHONE)', { uri: dir, database: 'rules.yml' });
      expect(acme.result!.contexts![0].data).toMatchObject({
        useragentFamily: 'AcmeBrowser',
        useragentVersion: 'AcmeBrowser 3.4',
        osFamily: 'Acme OS',
        osMajor: '7',
        osVersion: 'Acme OS 7',
        deviceFamily: 'Acme Phone',
      });
      const chrome = await contextFor(CHROME_MAC, { uri: dir, database: 'rules.yml' });
      expect(chrome.result!.contexts![0].data).toMatchObject({ useragentFamily: 'Other', osFamily: 'Other', deviceFamily: 'Other' });
    });

    it('swaps refreshed rules', async () => {
      writeFileSync(join(dir, 'swap.yml'), RULES);
      const { ctx, watchers } = testFactoryContext();
      const enrichment = await uaParserFactory.create({ uri: dir, database: 'swap.yml' }, ctx, SCHEMA);
      const family = () => (enrichment.enrich(testInput({ fields: { useragent: 'AcmeBrowser/3.4' } }))!.contexts![0].data as { useragentFamily: string }).useragentFamily;
      expect(family()).toBe('AcmeBrowser');
      writeFileSync(join(dir, 'swap.yml'), "user_agent_parsers:\n  - regex: 'Acme'\n    family_replacement: 'Renamed'\n");
      watchers[0].onChange(join(dir, 'swap.yml'));
      expect(family()).toBe('Renamed');
    });

    it.each([
      ['not yaml', 'user_agent_parsers: [', /rules file bad\.yml: not valid YAML/],
      ['a regex that does not compile', "user_agent_parsers:\n  - regex: '(unclosed'\n", /user_agent_parsers\[0\]: regex does not compile/],
      ['an entry without regex', 'os_parsers:\n  - os_replacement: x\n', /os_parsers\[0\]: regex must be a string/],
      ['an unknown flag', "device_parsers:\n  - regex: 'x'\n    regex_flag: g\n", /device_parsers\[0\]: regex_flag must be 'i'/],
      ['no rules at all', 'something_else: []\n', /no rules/],
    ])('refuses %s', async (_what, text, message) => {
      writeFileSync(join(dir, 'bad.yml'), text);
      const err = await uaParserFactory.create({ uri: dir, database: 'bad.yml' }, testFactoryContext().ctx, SCHEMA).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnrichmentConfigError);
      expect((err as Error).message).toMatch(message);
    });

    it('needs uri and database together, and nothing else', async () => {
      await expect(uaParserFactory.create({ uri: dir }, testFactoryContext().ctx, SCHEMA)).rejects.toThrow(/must have property database when property uri is present/);
      await expect(uaParserFactory.create({ extra: 1 }, testFactoryContext().ctx, SCHEMA)).rejects.toThrow(/unknown key 'extra'/);
    });
  });
});
