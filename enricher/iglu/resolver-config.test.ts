import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../common/config/load-config';
import { defaultResolverConfig, SLEET_SCHEMAS_DIR } from './defaults';
import { loadResolverConfigFile, parseResolverConfig } from './resolver-config';

const central = { name: 'Iglu Central', priority: 0, vendorPrefixes: ['com.snowplowanalytics'], connection: { http: { uri: 'http://iglucentral.com' } } };

function problems(raw: unknown): string[] {
  try {
    parseResolverConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('parseResolverConfig', () => {
  test.each(['1-0-0', '1-0-1', '1-0-2', '1-0-3'])('accepts resolver-config %s as Snowplow writes it', (version) => {
    const c = parseResolverConfig({
      schema: `iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/${version}`,
      data: { cacheSize: 500, repositories: [central] },
    });
    expect(c).toEqual({ cacheSize: 500, cacheTtlSecs: null, repositories: [{ ...central, connection: { http: { uri: 'http://iglucentral.com', apikey: null } } }] });
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('reads cacheTtl, apikey and embedded paths (the documented Iglu Server example)', () => {
    const c = parseResolverConfig({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
      data: {
        cacheSize: 500,
        cacheTtl: 600,
        repositories: [
          central,
          { name: 'Private', priority: 1, vendorPrefixes: ['com.acme'], connection: { http: { uri: 'https://iglu.acme.com/api', apikey: 'abc' } } },
          { name: 'Local', priority: 2, vendorPrefixes: [], connection: { embedded: { path: '/opt/schemas' } } },
        ],
      },
    });
    expect(c.cacheTtlSecs).toBe(600);
    expect(c.repositories[1]?.connection).toEqual({ http: { uri: 'https://iglu.acme.com/api', apikey: 'abc' } });
    expect(c.repositories[2]?.connection).toEqual({ embedded: { path: '/opt/schemas' } });
  });

  test('accepts the bare data object too', () => {
    expect(parseResolverConfig({ cacheSize: 0, repositories: [] }).cacheSize).toBe(0);
  });

  test('reports every problem with its path', () => {
    const p = problems({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/2-0-0',
      data: {
        cacheSize: -1,
        cacheTtl: 1.5,
        extra: true,
        repositories: [
          { name: 'a', priority: '1', vendorPrefixes: 'com', connection: { http: { uri: 'ftp://x' } } },
          { name: 'b', priority: 0, vendorPrefixes: [], connection: { embedded: {}, http: { uri: 'http://x' } } },
          { name: 'c', priority: 0, vendorPrefixes: [], connection: { http: { uri: 'not a uri', apikey: 5, other: 1 } } },
          central,
          central,
        ],
      },
    });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining('$.schema'),
        '$.data: unknown key "extra"',
        '$.data.cacheSize: must be a number >= 0',
        '$.data.cacheTtl: must be an integer >= 0 (seconds) or null',
        '$.data.repositories[0].priority: must be a number',
        '$.data.repositories[0].vendorPrefixes: must be an array of strings',
        expect.stringMatching(/repositories\[0\]\.connection\.http\.uri: only http and https/),
        expect.stringMatching(/repositories\[1\]\.connection: must have exactly one/),
        expect.stringMatching(/repositories\[2\]\.connection\.http\.uri: not a URI/),
        '$.data.repositories[2].connection.http.apikey: must be a string or null',
        '$.data.repositories[2].connection.http: unknown key "other"',
        '$.data.repositories: repository names must be unique ("Iglu Central")',
      ]),
    );
  });

  test.each([null, 'x', [], { schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-0' }])('refuses %p', (raw) => {
    expect(problems(raw).length).toBeGreaterThan(0);
  });

  test('loadResolverConfigFile reads JSON and gives its directory as the base for embedded paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-resolver-'));
    try {
      writeFileSync(join(dir, 'resolver.json'), JSON.stringify({ schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1', data: { cacheSize: 5, repositories: [] } }));
      expect(loadResolverConfigFile(join(dir, 'resolver.json'))).toEqual({ config: { cacheSize: 5, cacheTtlSecs: null, repositories: [] }, baseDir: dir });
      writeFileSync(join(dir, 'broken.json'), '{');
      expect(() => loadResolverConfigFile(join(dir, 'broken.json'))).toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('the default resolver config: Sleet schemas (embedded) first, then Iglu Central over HTTP', () => {
    const { config, baseDir } = defaultResolverConfig();
    expect(config.repositories.map((r) => r.name)).toEqual(['Sleet schemas', 'Iglu Central']);
    const embedded = config.repositories[0]!.connection as { embedded: { path: string } };
    expect(join(baseDir, embedded.embedded.path)).toBe(SLEET_SCHEMAS_DIR);
    expect(config.repositories[1]!.connection).toEqual({ http: { uri: 'http://iglucentral.com', apikey: null } });
  });
});
