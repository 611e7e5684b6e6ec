import { dirname } from 'node:path';
import { Registry } from 'prom-client';
import { buildRepositories, createIgluValidator, SLEET_EMBEDDED_REPOSITORY } from './create-iglu-validator';
import { defaultResolverConfig, SLEET_SCHEMAS_DIR } from './defaults';
import { parseResolverConfig } from './resolver-config';
import { igluSchema, resolverConfig, tempRepo } from './test/schema-fixtures';

describe('createIgluValidator', () => {
  test("Sleet's schemas are an implicit first repository, so dev.sleet contexts validate under any resolver config", async () => {
    const v = createIgluValidator(resolverConfig([]));
    await expect(v.validate('iglu:dev.sleet/bot_detection_context/jsonschema/1-0-0', { isBot: false, matchedPattern: null })).resolves.toEqual({ ok: true });
    const miss = await v.validate('iglu:com.acme/none/jsonschema/1-0-0', {});
    expect(miss).toMatchObject({ ok: false, error: { lookupHistory: [{ repository: SLEET_EMBEDDED_REPOSITORY }] } });
  });

  test('the implicit repository is not added twice, and can be left out', () => {
    const { config, baseDir } = defaultResolverConfig();
    expect(buildRepositories(config, { baseDir }).map((r) => [r.name, r.location])).toEqual([
      ['Sleet schemas', SLEET_SCHEMAS_DIR],
      ['Iglu Central', 'http://iglucentral.com'],
    ]);
    expect(buildRepositories(parseResolverConfig({ cacheSize: 1, repositories: [] }), { bundledSchemasDir: false })).toEqual([]);
  });

  test('relative embedded paths resolve against baseDir', async () => {
    const repo = tempRepo();
    try {
      repo.write('com.acme/x/jsonschema/1-0-0', igluSchema('com.acme/x/jsonschema/1-0-0', { type: 'string' }));
      const config = resolverConfig([{ name: 'rel', embedded: `./${repo.root.split('/').pop()}` }]);
      const v = createIgluValidator(config, { baseDir: dirname(repo.root), bundledSchemasDir: false });
      await expect(v.validate('iglu:com.acme/x/jsonschema/1-0-0', 'ok')).resolves.toEqual({ ok: true });
    } finally {
      repo.remove();
    }
  });

  test('an invalid resolver config throws at construction', () => {
    expect(() => createIgluValidator({ schema: 'iglu:x/y/jsonschema/1-0-0', data: {} })).toThrow(/invalid configuration/);
  });

  test('lookups are counted by outcome in the metrics registry (one registration per registry)', async () => {
    const metrics = new Registry();
    const v = createIgluValidator(resolverConfig([]), { metrics });
    createIgluValidator(resolverConfig([]), { metrics });
    await v.validate('iglu:dev.sleet/campaign_signup/jsonschema/1-0-0', {});
    await v.validate('iglu:com.acme/none/jsonschema/1-0-0', {});
    await v.validate('iglu:com.acme/none/jsonschema/1-0-0', {});
    const text = await metrics.metrics();
    expect(text).toContain('sleet_iglu_lookups_total{outcome="hit"} 1');
    expect(text).toContain('sleet_iglu_lookups_total{outcome="miss"} 1');
  });
});
