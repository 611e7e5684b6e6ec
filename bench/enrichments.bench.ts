/**
 * `npm run bench:enrichments`: events/s of enrichPayload on one core with the "full enrichment" set (ua_parser,
 * referer_parser, campaign_attribution, event_fingerprint, ip_lookups with ASN, anon_ip, PII) against a baseline
 * without enrichments measured in the same run, on the workload of ./enrichments-workload.ts. Iglu validation is a
 * constant "valid" answer in both runs, so the ratio isolates the enrichments. Target (issue 4): ≥ 50,000 events/s
 * and RSS < 400 MB.
 * Method: the first `--warmup` events go through both configurations untimed (caches fill as in a running
 * enricher); the rest is cut into slices of `--slice` events, and each slice runs once without and once with the
 * enrichments, alternately, so that load from other processes hits both alike; the figures are the medians over
 * slices. One-off user agents keep appearing in the measured part, as in real traffic.
 * Also prints the cost of each enrichment (µs per event, measured around one `enrich` call in `--timer-every`, so
 * that reading the clock stays out of the full-set figure; `--timer-every 1` times every call) and memory: the
 * process RSS, and what the configured enrichments hold (after a forced GC: the npm script passes --expose-gc).
 * Last, untimed, every record goes once more through the full set and the SHA-256 of all output lines (good TSV
 * and bad rows, in order) is printed: performance work on the enrichments must leave it unchanged.
 * Options: --events N (default 120000), --warmup N (default 20000), --slice N (default 5000), --timer-every N
 * (default 8; 1 was the only method before, and cost the full-set figure ~0.9 µs per event).
 */
import { createHash } from 'node:crypto';
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

/**
 * The registry with `enrich` calls timed, per enrichment name: one call in `every` (each enrichment runs once per
 * event, so every `every`-th event), its time counted `every` times. Reading the clock around all calls costs
 * ~0.1 µs per call, ~0.9 µs per event over the seven enrichments, which the full-set figure would include; sampling
 * keeps that out of it while the per-enrichment figures stay estimates over thousands of calls each.
 */
function timed(registry: EnrichmentRegistry, spentNs: Map<string, number>, every: number): EnrichmentRegistry {
  const wrapped = new Map<Enrichment, Enrichment>();
  const wrap = (e: Enrichment): Enrichment => {
    let w = wrapped.get(e);
    if (!w) {
      let calls = 0;
      w = {
        slot: e.slot,
        name: e.name,
        enrich: (input) => {
          if (++calls % every !== 0) return e.enrich(input);
          const start = process.hrtime.bigint();
          const result = e.enrich(input);
          spentNs.set(e.name, (spentNs.get(e.name) ?? 0) + every * Number(process.hrtime.bigint() - start));
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

/** The same dependencies and record context for every pass: Iglu always "valid", only the enrichments vary. */
function benchDeps(enrichments: EnrichmentRegistry): EnrichDeps {
  return { iglu: ALWAYS_VALID, enrichments, processor: { artifact: 'sleet', version: SLEET_VERSION }, maxRecordBytes: 1_000_000 };
}
const RECORD_CONTEXT = { etlTimestamp: 1_700_000_100_000, arrivalTimestamp: 1_700_000_100_000 };

async function run(records: Uint8Array[], enrichments: EnrichmentRegistry): Promise<{ eventsPerSec: number; good: number; bad: number }> {
  const deps = benchDeps(enrichments);
  let good = 0;
  let bad = 0;
  const start = process.hrtime.bigint();
  for (const record of records) {
    const r = await enrichPayload(record, RECORD_CONTEXT, deps);
    good += r.good.length;
    bad += r.bad.length;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { eventsPerSec: (good + bad) / secs, good, bad };
}

/** SHA-256 of every output line (good TSV, bad rows) of `records` through `enrichments`, in order. */
async function outputDigest(records: Uint8Array[], enrichments: EnrichmentRegistry): Promise<string> {
  const deps = benchDeps(enrichments);
  const digest = createHash('sha256');
  for (const record of records) {
    const r = await enrichPayload(record, RECORD_CONTEXT, deps);
    for (const g of r.good) digest.update(`${g.tsv}\n`);
    for (const b of r.bad) digest.update(`${b.json}\n`);
  }
  return digest.digest('hex');
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const events = arg('events', 120_000);
  const warmup = Math.min(arg('warmup', 20_000), events - 1);
  const slice = arg('slice', 5_000);
  const timerEvery = Math.max(1, arg('timer-every', 8));
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
    const spent = new Map<string, number>();
    const full = timed(registry, spent, timerEvery);
    const warm = workload.records.slice(0, warmup);
    await run(warm, EMPTY_REGISTRY);
    await run(warm, full);
    spent.clear();
    const rates = { baseline: [] as number[], full: [] as number[] };
    let measured = 0;
    let bad = 0;
    for (let i = warmup; i < events; i += slice) {
      const records = workload.records.slice(i, i + slice);
      const b = await run(records, EMPTY_REGISTRY);
      const f = await run(records, full);
      rates.baseline.push(b.eventsPerSec);
      rates.full.push(f.eventsPerSec);
      measured += f.good + f.bad;
      bad += b.bad + f.bad;
    }
    gc?.();
    const after = process.memoryUsage();
    const base = median(rates.baseline);
    const enriched = median(rates.full);
    const ratios = rates.full.map((f, i) => f / rates.baseline[i]);
    console.log('');
    console.log(`measured: ${rates.full.length} slices of ${slice} events after a ${warmup}-event warm-up${bad > 0 ? ` (${bad} bad rows!)` : ''}`);
    console.log(`baseline (no enrichments):  ${Math.round(base).toLocaleString('en')} events/s (median; slowest slice ${Math.round(Math.min(...rates.baseline))})`);
    console.log(`full enrichment:            ${Math.round(enriched).toLocaleString('en')} events/s (median; slowest slice ${Math.round(Math.min(...rates.full))})`);
    console.log(`ratio full/baseline:        ${median(ratios).toFixed(2)} (median of per-slice ratios)`);
    console.log(`time inside each enrichment, measured slices (clock read around 1 call in ${timerEvery}):`);
    let total = 0;
    for (const [name, ns] of spent) {
      total += ns;
      console.log(`  ${name.padEnd(28)} ${(ns / measured / 1000).toFixed(2)} µs/event`);
    }
    console.log(`  ${'all enrichments'.padEnd(28)} ${(total / measured / 1000).toFixed(2)} µs/event`);
    console.log(
      `memory: RSS ${mb(after.rss)} (workload records ${mb(workload.records.reduce((n, r) => n + r.length, 0))} included); ` +
        `held by the enrichments (heap + buffers) ${gc ? mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) : '(run with --expose-gc)'}`,
    );
    const workloadBytes = workload.records.reduce((n, r) => n + r.length, 0);
    const rssWithoutWorkload = after.rss - workloadBytes;
    console.log(
      `target: ≥ 50,000 events/s → ${enriched >= 50_000 ? 'met' : 'NOT met'}; ` +
        `RSS < 400 MB → ${rssWithoutWorkload < 400 * 2 ** 20 ? 'met' : 'NOT met'} (${mb(rssWithoutWorkload)} without the benchmark's own records)`,
    );
    console.log(`output SHA-256 (all ${events} events, full set): ${await outputDigest(workload.records, registry)}`);
    await registry.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
