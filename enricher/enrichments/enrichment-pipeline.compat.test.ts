/**
 * The shared enrichment scenario (testing/pipeline-scenario.ts) with a real Iglu validator reading
 * ../shared/iglu-central (and Sleet's schemas/): the derived contexts the enrichments emit must validate, and the
 * Snowplow configs are checked against their Iglu Central schemas at start-up.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../common/logger';
import { createIgluValidator } from '../iglu';
import { createEnrichmentRegistry } from './config';
import { ALL_FACTORIES } from './factories';
import { runPipelineScenario, sd, SP, writePipelineScenario } from './testing/pipeline-scenario';

const IGLU_CENTRAL = join(__dirname, '../../../shared/iglu-central');

let work: string;
beforeAll(() => {
  work = writePipelineScenario();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

(existsSync(IGLU_CENTRAL) ? describe : describe.skip)('enrichments in the pipeline', () => {
  it('fills fields and emits derived contexts in reverse execution order, all valid', async () => {
    const iglu = createIgluValidator(
      {
        schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
        data: { cacheSize: 500, cacheTtl: 600, repositories: [{ name: 'Iglu Central (shared copy)', priority: 0, vendorPrefixes: [], connection: { embedded: { path: IGLU_CENTRAL } } }] },
      },
      { log: silentLogger() },
    );
    await runPipelineScenario(work, iglu);
  });

  it('validates the Snowplow configs against their Iglu Central schemas at start-up', async () => {
    const iglu = createIgluValidator(
      {
        schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
        data: { cacheSize: 500, cacheTtl: 600, repositories: [{ name: 'Iglu Central (shared copy)', priority: 0, vendorPrefixes: [], connection: { embedded: { path: IGLU_CENTRAL } } }] },
      },
      { log: silentLogger() },
    );
    const files = join(work, 'files');
    const err = await createEnrichmentRegistry(
      {
        json: [
          sd(SP, 'ip_lookups', '2-0-0', { geo: { database: 'Custom-City.mmdb', uri: `file://${files}` } }),
          sd(SP, 'ua_parser_config', '1-0-1', { uri: 'not a uri at all' }),
          sd(SP, 'ua_parser_config', '1-0-0'),
        ],
        name: 'enrichments.json',
      },
      { log: silentLogger(), factories: ALL_FACTORIES, cacheDir: join(work, 'cache'), iglu },
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/enrichments\.json\[0\] \(ip_lookups\): does not validate against iglu:com\.snowplowanalytics\.snowplow\/ip_lookups\/jsonschema\/2-0-0/);
    expect((err as Error).message).toMatch(/enrichments\.json\[2\] \(ua_parser_config\): configured twice/);
  });
});
