/**
 * `npm run bench:enrichments`: events/s of enrichPayload on one core with the "full enrichment" set (ua_parser,
 * referer_parser, campaign_attribution, event_fingerprint, ip_lookups with ASN, anon_ip, PII) against a baseline
 * without enrichments measured in the same run, on the workload of ./enrichments-workload.ts. Iglu validation is a
 * constant "valid" answer in both runs, so the ratio isolates the enrichments. Target (issue 4): ≥ 50,000 events/s
 * and RSS < 400 MB.
 * Also prints the cost of each enrichment (µs per event, measured around each `enrich` call) and memory: the
 * process RSS, and the heap the configured enrichments hold (measured after a forced GC when run with
 * --expose-gc, which the npm script does).
 * Options: --events N (default 100000), --rounds N (default 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../common/logger';
import { SLEET_VERSION } from '../common/version';
import type { EnrichDeps } from '../enricher/api';
import { enrichPayload } from '../enricher/enrich-payload';
import { createEnrichmentRegistry } from '../enricher/enrichments/config';
import { EMPTY_REGISTRY, Enrichment, EnrichmentRegistry, EnrichmentSlot } from '../enricher/enrichments/enrichment';
import { ALL_FACTORIES } from '../enricher/enrichments/factories';
import type { IgluValidator } from '../enricher/iglu/types';
import { buildWorkload } from './enrichments-workload';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const ALWAYS_VALID: IgluValidator = {
  validate: async () => ({ ok: true }),
  validateCached: () => ({ ok: true }),
  lookupSchema: async () => ({}),
};

/** The registry with each `enrich` call timed, per enrichment name. */
function timed(registry: EnrichmentRegistry, spentNs: Map<string, number>): EnrichmentRegistry {
  const wrapped = new Map<Enrichment, Enrichment>();
  const wrap = (e: Enrichment): Enrichment => {
    let w = wrapped.get(e);
    if (!w) {
      w = {
        slot: e.slot,
        name: e.name,
        enrich: (input) => {
          const start = process.hrtime.bigint();
          const result = e.enrich(input);
          spentNs.set(e.name, (spentNs.get(e.name) ?? 0) + Number(process.hrtime.bigint() - start));
          return result;
        },
      };
      wrapped.set(e, w);
    }
    return w;
  };
  return { at: (slot: EnrichmentSlot) => registry.at(slot).map(wrap), close: () => registry.close() };
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function run(records: Uint8Array[], enrichments: EnrichmentRegistry): Promise<{ eventsPerSec: number; good: number; bad: number }> {
  const deps: EnrichDeps = {
    iglu: ALWAYS_VALID,
    enrichments,
    processor: { artifact: 'sleet', version: SLEET_VERSION },
    maxRecordBytes: 1_000_000,
  };
  const ctx = { etlTimestamp: 1_700_000_100_000, arrivalTimestamp: 1_700_000_100_000 };
  let good = 0;
  let bad = 0;
  const start = process.hrtime.bigint();
  for (const record of records) {
    const r = await enrichPayload(record, ctx, deps);
    good += r.good.length;
    bad += r.bad.length;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { eventsPerSec: (good + bad) / secs, good, bad };
}

async function main(): Promise<void> {
  const events = arg('events', 100_000);
  const rounds = arg('rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'sleet-bench-enrichments-'));
  try {
    const t0 = Date.now();
    const workload = buildWorkload(events, dir);
    console.log(
      `workload: ${events} events, ${workload.distinctUserAgents} distinct user agents, ${workload.distinctIps} distinct IPs (built in ${Date.now() - t0} ms)`,
    );
    gc?.();
    const before = process.memoryUsage();
    const registry = await createEnrichmentRegistry({ json: workload.configs, name: 'bench' }, { log: silentLogger(), factories: ALL_FACTORIES, cacheDir: join(dir, 'cache') });
    console.log(`enrichments: ${registry.all.map((e) => e.name).join(', ')}`);
    let best = { baseline: 0, full: 0 };
    for (let round = 1; round <= rounds; round++) {
      const baseline = await run(workload.records, EMPTY_REGISTRY);
      const full = await run(workload.records, registry);
      if (full.bad > 0 || baseline.bad > 0) console.log(`  (bad rows: baseline ${baseline.bad}, full ${full.bad})`);
      console.log(`round ${round}: baseline ${Math.round(baseline.eventsPerSec)} events/s, full enrichment ${Math.round(full.eventsPerSec)} events/s`);
      best = { baseline: Math.max(best.baseline, baseline.eventsPerSec), full: Math.max(best.full, full.eventsPerSec) };
    }
    const spent = new Map<string, number>();
    await run(workload.records, timed(registry, spent));
    gc?.();
    const after = process.memoryUsage();
    console.log('');
    console.log(`baseline (no enrichments):  ${Math.round(best.baseline).toLocaleString('en')} events/s`);
    console.log(`full enrichment:            ${Math.round(best.full).toLocaleString('en')} events/s (${(best.full / best.baseline).toFixed(2)}× baseline)`);
    console.log('time inside each enrichment (one more pass, warm caches):');
    for (const [name, ns] of spent) console.log(`  ${name.padEnd(28)} ${(ns / events / 1000).toFixed(2)} µs/event`);
    console.log(
      `memory: RSS ${mb(after.rss)} (workload records ${mb(workload.records.reduce((n, r) => n + r.length, 0))} included); ` +
        `held by the enrichments (heap + buffers, e.g. MaxMind files) ${gc ? mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) : '(run with --expose-gc)'}`,
    );
    console.log(`target: ≥ 50,000 events/s → ${best.full >= 50_000 ? 'met' : 'NOT met'}; RSS < 400 MB → ${after.rss < 400 * 2 ** 20 ? 'met' : 'NOT met'}`);
    await registry.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
