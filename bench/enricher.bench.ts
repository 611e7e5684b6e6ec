/**
 * `npm run bench:enricher`: events/s on ONE core for decode → adapt → validate → TSV (no enrichments) over the mix
 * of bench/enricher-mix.ts, against a baseline measured in the same run: JSON.parse + JSON.stringify of the same
 * payloads as JSON text. Uses the real Iglu resolver/validator (embedded repository) and the synchronous
 * validateCached fast path. Target: ≥ 100,000 events/s. Prints events/s, the ratio to the baseline and RSS.
 */
import { loadavg } from 'node:os';
import { SLEET_VERSION } from '../common/version';
import type { EnrichDeps, EnrichResult } from '../enricher/api';
import { enrichRecord } from '../enricher/enrich-payload';
import { EMPTY_REGISTRY } from '../enricher/enrichments/enrichment';
import { createIgluValidator } from '../enricher/iglu';
import { buildEnricherMix, MixRecord } from './enricher-mix';
import { writeEmbeddedRepository } from './enricher-mix';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function enrichAll(mix: readonly MixRecord[], deps: EnrichDeps): Promise<number> {
  let events = 0;
  const ctx = { etlTimestamp: Date.now(), arrivalTimestamp: Date.now() };
  for (const r of mix) {
    let res: EnrichResult | Promise<EnrichResult> = enrichRecord(r.bytes, ctx, deps);
    if (res instanceof Promise) res = await res;
    events += res.good.length + res.bad.length + res.dropped;
  }
  return events;
}

function baseline(mix: readonly MixRecord[]): number {
  let bytes = 0;
  for (const r of mix) bytes += JSON.stringify(JSON.parse(r.json)).length;
  return bytes;
}

async function main(): Promise<void> {
  const mix = buildEnricherMix(RECORDS);
  const deps: EnrichDeps = {
    iglu: createIgluValidator(writeEmbeddedRepository(), { bundledSchemasDir: false }),
    enrichments: EMPTY_REGISTRY,
    processor: { artifact: 'sleet', version: SLEET_VERSION },
    maxRecordBytes: 1_000_000,
  };
  // Warm-up: fills the Iglu cache (the only asynchronous lookups) and lets V8 optimise.
  const eventsPerRound = await enrichAll(mix, deps);
  baseline(mix);
  // Wall time AND this process's CPU time: on a shared machine the CPU time is what "per core" means.
  let enrichNs = 0n;
  let baseNs = 0n;
  let enrichCpuUs = 0;
  let baseCpuUs = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  for (let round = 0; round < ROUNDS; round++) {
    let c = cpu();
    let t = process.hrtime.bigint();
    await enrichAll(mix, deps);
    enrichNs += process.hrtime.bigint() - t;
    enrichCpuUs += cpu() - c;
    c = cpu();
    t = process.hrtime.bigint();
    baseline(mix);
    baseNs += process.hrtime.bigint() - t;
    baseCpuUs += cpu() - c;
  }
  const events = eventsPerRound * ROUNDS;
  const eventsPerSec = events / (Number(enrichNs) / 1e9);
  const baselinePerSec = events / (Number(baseNs) / 1e9);
  const eventsPerCpuSec = events / (enrichCpuUs / 1e6);
  const baselinePerCpuSec = events / (baseCpuUs / 1e6);
  const rssMiB = process.memoryUsage().rss / 1024 / 1024;
  const result = {
    records: mix.length,
    eventsPerRound,
    rounds: ROUNDS,
    enrichEventsPerSec: Math.round(eventsPerSec),
    baselineEventsPerSec: Math.round(baselinePerSec),
    ratioToBaseline: Number((eventsPerSec / baselinePerSec).toFixed(3)),
    enrichEventsPerCpuSec: Math.round(eventsPerCpuSec),
    baselineEventsPerCpuSec: Math.round(baselinePerCpuSec),
    cpuRatioToBaseline: Number((eventsPerCpuSec / baselinePerCpuSec).toFixed(3)),
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    target: 100_000,
    meetsTarget: eventsPerCpuSec >= 100_000,
    rssMiB: Math.round(rssMiB),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
