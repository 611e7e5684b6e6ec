/**
 * Sleet's own enrichments (bot detection, user agent context) are configured with self-describing configs whose
 * schemas live in schemas/ (embedded repository): they must load through the real Iglu validator with no
 * network, and a wrong parameter must stop start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../common/logger';
import { createIgluValidator } from '../../iglu/create-iglu-validator';
import { ALL_FACTORIES as FACTORIES } from '../factories';
import { createEnrichmentRegistry } from './create-registry';

const resolver = {
  schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
  data: { cacheSize: 10, repositories: [] },
};
const config = (name: string, parameters: Record<string, unknown>) => ({
  schema: `iglu:dev.sleet/${name}/jsonschema/1-0-0`,
  data: { vendor: 'dev.sleet', name, enabled: true, parameters },
});

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sleet-own-configs-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const load = (json: unknown[]) =>
  createEnrichmentRegistry({ json, name: 'enrichments.json' }, { log: silentLogger(), factories: FACTORIES, cacheDir: work, iglu: createIgluValidator(resolver) });

test('bot_detection_config and user_agent_context_config validate against the embedded schemas', async () => {
  const registry = await load([
    config('bot_detection_config', { additionalPatterns: ['acmemonitor'] }),
    config('user_agent_context_config', { useClientHints: true }),
  ]);
  expect(registry.at('bot_detection').map((e) => e.name)).toEqual(['bot_detection_config']);
  expect(registry.at('yauaa').length + registry.at('bot_detection').length).toBe(2);
  await registry.close();
});

test('a parameter outside the schema stops start-up with the file and enrichment named', async () => {
  await expect(load([config('user_agent_context_config', { useClientHints: 'yes' })])).rejects.toThrow(
    /enrichments\.json\[0\] \(user_agent_context_config\)/,
  );
});
