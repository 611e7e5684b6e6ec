/**
 * The shared enrichment scenario (testing/pipeline-scenario.ts) in the unit tier: a narrow Iglu validator that accepts
 * every schema stands in for the resolver (enrichment-pipeline.compat.test.ts runs it with real schemas).
 */
import { rmSync } from 'node:fs';
import type { IgluValidator } from '../iglu/types';
import { runPipelineScenario, writePipelineScenario } from './testing/pipeline-scenario';

/** Accepts every schema: this test is about the enrichments and their order, not validation. */
const ACCEPT_ALL: IgluValidator = {
  validate: async () => ({ ok: true }),
  validateCached: () => ({ ok: true }),
  lookupSchema: async () => ({}),
};

let work: string;
beforeAll(() => {
  work = writePipelineScenario();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('enrichments in the pipeline', () => {
  it('fills fields and emits derived contexts in reverse execution order', async () => {
    await runPipelineScenario(work, ACCEPT_ALL);
  });
});
