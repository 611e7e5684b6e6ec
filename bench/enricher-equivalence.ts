/**
 * Output equivalence check for performance work on the enricher: runs the `bench:enricher` mix and the
 * `bench:enrichments` workload through enrichPayload with a fixed uuid sequence and clock, and writes every output
 * (good TSV lines, bad rows with their partition timestamps, drop counts) to a file. Record a reference before a
 * change and diff after it: the files must be byte-identical.
 * Scenarios: the mix with a cold Iglu cache (exercises the asynchronous lookups) then warm; the workload with the
 * full enrichment set and an always-valid validator; a slice of the workload with full enrichments and the real
 * validator (derived contexts whose schemas are not in the repository: failures on the asynchronous path).
 * Usage: node bin/run-ts.js bench/enricher-equivalence.ts OUT_FILE [--events N]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../common/logger';
import type { EnrichDeps } from '../enricher/api';
import { enrichPayload } from '../enricher/enrich-payload';
import { createEnrichmentRegistry } from '../enricher/enrichments/config';
import { EMPTY_REGISTRY, EnrichmentRegistry } from '../enricher/enrichments/enrichment';
import { ALL_FACTORIES } from '../enricher/enrichments/factories';
import { createIgluValidator } from '../enricher/iglu';
import type { IgluValidator } from '../enricher/iglu/types';
import { buildEnricherMix, writeEmbeddedRepository } from './enricher-mix';
import { buildWorkload } from './enrichments-workload';

const ALWAYS_VALID: IgluValidator = {
  validate: async () => ({ ok: true }),
  validateCached: () => ({ ok: true }),
  lookupSchema: async () => ({}),
};

const LAST_ATTEMPT = /"lastAttempt":"[^"]*"/g;

function fixedDeps(iglu: IgluValidator, enrichments: EnrichmentRegistry): EnrichDeps {
  let n = 0;
  let clock = 1_700_000_200_000;
  return {
    iglu,
    enrichments,
    processor: { artifact: 'sleet', version: '0.0.0-equivalence' },
    maxRecordBytes: 1_000_000,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    clock: () => (clock += 7),
  };
}

async function runAll(label: string, records: readonly Uint8Array[], deps: EnrichDeps, lines: string[]): Promise<void> {
  const ctx = { etlTimestamp: 1_700_000_100_123, arrivalTimestamp: 1_700_000_100_456 };
  lines.push(`### ${label}`);
  for (let i = 0; i < records.length; i++) {
    const r = await enrichPayload(records[i] as Uint8Array, ctx, deps);
    for (const g of r.good) lines.push(`G ${i} ${g.eventId} ${g.collectorTimestamp} ${g.tsv}`);
    // The Iglu resolver stamps lookup failures with its own clock: normalised.
    for (const b of r.bad) lines.push(`B ${i} ${b.schema} ${b.partitionTimestamp} ${b.json.replace(LAST_ATTEMPT, '"lastAttempt":"…"')}`);
    if (r.dropped > 0) lines.push(`D ${i} ${r.dropped}`);
  }
}

async function main(): Promise<void> {
  const outFile = process.argv[2];
  if (outFile === undefined) throw new Error('usage: enricher-equivalence OUT_FILE [--events N]');
  const i = process.argv.indexOf('--events');
  const events = i > 0 ? Number(process.argv[i + 1]) : 30_000;
  const lines: string[] = [];
  const mix = buildEnricherMix(5_000).map((r) => r.bytes);
  const iglu = createIgluValidator(writeEmbeddedRepository(), { bundledSchemasDir: false });
  await runAll('mix, cold Iglu cache', mix, fixedDeps(iglu, EMPTY_REGISTRY), lines);
  await runAll('mix, warm Iglu cache', mix, fixedDeps(iglu, EMPTY_REGISTRY), lines);
  const dir = mkdtempSync(join(tmpdir(), 'sleet-equivalence-'));
  try {
    const workload = buildWorkload(events, dir);
    const registry = await createEnrichmentRegistry(
      { json: workload.configs, name: 'equivalence' },
      { log: silentLogger(), factories: ALL_FACTORIES, cacheDir: join(dir, 'cache') },
    );
    await runAll('workload, full enrichments, always valid', workload.records, fixedDeps(ALWAYS_VALID, registry), lines);
    const realIglu = createIgluValidator(writeEmbeddedRepository(), { bundledSchemasDir: false });
    await runAll('workload slice, full enrichments, real Iglu', workload.records.slice(0, 2_000), fixedDeps(realIglu, registry), lines);
    await registry.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(outFile, `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.length} lines → ${outFile}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
