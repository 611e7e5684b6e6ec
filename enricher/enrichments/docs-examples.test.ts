/**
 * Every example config in docs/enrichments.md is a config Sleet accepts: known enrichment and version, parameters
 * valid (file fetching is stubbed out: a factory that gets as far as fetching a file has accepted its parameters).
 * With ../shared present, the Snowplow examples are also validated against their Iglu Central schemas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../common/logger';
import { createIgluValidator } from '../iglu';
import { loadEnrichmentConfigs } from './config';
import { ALL_FACTORIES } from './factories';
import { testFactoryContext } from './testing/enrichment-input';

const DOC = readFileSync(join(__dirname, '../../docs/enrichments.md'), 'utf8');
const IGLU_CENTRAL = join(__dirname, '../../../shared/iglu-central');

const examples = [...DOC.matchAll(/```json\n([\s\S]*?)\n```/g)]
  .map((m) => JSON.parse(m[1]) as { schema?: string; data?: unknown })
  .filter((j) => typeof j.schema === 'string' && j.schema.startsWith('iglu:') && !j.schema.includes('/enrichments/jsonschema/'));

class FetchReached extends Error {}

describe('docs/enrichments.md example configs', () => {
  it('document every enrichment Sleet can configure', () => {
    const documented = new Set(examples.map((e) => e.schema!.split('/')[1]));
    expect(ALL_FACTORIES.map((f) => f.name).filter((n) => !documented.has(n))).toEqual([]);
  });

  it.each(examples.map((e) => [e.schema!, e]))('%s is accepted', async (_schema, example) => {
    const { entries, problems } = loadEnrichmentConfigs({ json: example, name: 'docs' });
    expect(problems).toEqual([]);
    const [entry] = entries;
    const factory = ALL_FACTORIES.find((f) => f.vendor === entry.key.vendor && f.name === entry.key.name);
    expect(factory).toBeDefined();
    expect(entry.key.model).toBe(factory!.model);
    const { ctx } = testFactoryContext({
      config: entry.data,
      fetchFile: async () => {
        throw new FetchReached();
      },
    });
    const outcome = await factory!.create(entry.parameters, ctx, entry.schema).then(
      async (e) => {
        await e.close?.();
        return 'built';
      },
      (err: unknown) => (err instanceof FetchReached ? 'fetching files' : err),
    );
    expect(['built', 'fetching files']).toContain(outcome);
  });

  (existsSync(IGLU_CENTRAL) ? it : it.skip)('validate against their Iglu schemas', async () => {
    const iglu = createIgluValidator(
      {
        schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
        data: { cacheSize: 100, cacheTtl: 600, repositories: [{ name: 'Iglu Central (shared copy)', priority: 0, vendorPrefixes: [], connection: { embedded: { path: IGLU_CENTRAL } } }] },
      },
      { log: silentLogger() },
    );
    const failures: string[] = [];
    for (const e of examples.filter((x) => !x.schema!.startsWith('iglu:dev.sleet/'))) {
      const r = await iglu.validate(e.schema!, e.data);
      if (!r.ok) failures.push(`${e.schema}: ${JSON.stringify(r.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
