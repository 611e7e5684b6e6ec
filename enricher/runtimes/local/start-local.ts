/**
 * `sleet start`: collector + enricher in one process, no AWS. The collector takes tracker traffic on one port and
 * hands its Thrift records to the enricher through in-process MemorySinks; the enricher writes the S3 layout to
 * a directory and feeds Micro's REST API, served on the same port.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Logger } from '../../../common/logger';
import { SLEET_VERSION } from '../../../common/version';
import { buildCollector, buildCollectorConfig, buildHttpServer, MemorySink, type Collector } from '../../../collector';
import { LocalDirSink } from '../../sinks/local-dir-sink';
import { loadEnrichRuntime, type EnrichRuntime } from '../load-enrich-runtime';
import { DEFAULT_ENRICHMENTS_DIR, type LocalOptions } from './local-options';
import { LocalPipeline } from './local-pipeline';
import { createMicroApi, isMicroPath } from './micro/micro-api';
import { MicroStore } from './micro/micro-store';

export interface RunningLocal {
  readonly port: number;
  readonly url: string;
  readonly outputDir: string;
  readonly collector: Collector;
  readonly pipeline: LocalPipeline;
  readonly store: MicroStore;
  /** Human-readable start-up text: where to point a tracker, where data lands. */
  readonly banner: string;
  /** Stops taking traffic, flushes every open batch to disk, closes the server. */
  stop(): Promise<void>;
}

export async function startLocal(o: LocalOptions, deps: { log: Logger }): Promise<RunningLocal> {
  const log = deps.log;
  const enrichmentsDir = o.enrichmentsDir ?? DEFAULT_ENRICHMENTS_DIR;
  const runtime: EnrichRuntime = await loadEnrichRuntime(
    { resolverConfigFile: o.resolverConfigFile, enrichmentsDir, enrichmentCacheDir: resolve(o.outputDir, '.enrichment-files'), enrichmentFilesRefreshSecs: 86400, maxRecordBytes: 1_000_000 },
    {
      log,
      // Offline, Iglu Central fails fast and the event becomes a bad row that says so (instead of a retry loop).
      iglu: { retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 500 }, http: { connectTimeoutMs: 1000, requestTimeoutMs: 3000 } },
      validateEnrichmentConfigs: false,
    },
  );
  const good = new MemorySink({ name: 'good', maxBatchRecords: 500 });
  const bad = new MemorySink({ name: 'bad', maxBatchRecords: 500 });
  const config = buildCollectorConfig({ interface: o.host, port: o.port, sink: { type: 'file' }, metrics: { enabled: false }, logging: { level: o.logLevel } });
  const collector = buildCollector(config, { log, sinks: { good, bad } });
  await collector.start();

  const store = new MicroStore(o.microMaxEvents);
  const outputDir = resolve(o.outputDir);
  const pipeline = new LocalPipeline({
    good,
    bad,
    enrich: runtime.enrich,
    iglu: runtime.deps.iglu,
    processor: runtime.deps.processor,
    sink: new LocalDirSink(outputDir),
    store,
    policy: { flushMaxAgeSecs: o.flushMaxAgeSecs, flushMaxBytes: 32 * 1024 * 1024 },
    prefix: '',
    log: log.child({ component: 'local-enricher' }),
  });
  pipeline.start();

  const micro = createMicroApi(store, runtime.deps.iglu);
  const server: Server = buildHttpServer(collector);
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isMicroPath(req.url)) micro(req, res);
    else collector.requestListener(req, res);
  });
  const port = await new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port, o.host, () => {
      server.removeListener('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
  const shownHost = o.host === '0.0.0.0' || o.host === '::' ? 'localhost' : o.host;
  const url = `http://${shownHost}:${port}`;
  const banner = [
    `Sleet ${SLEET_VERSION} — local pipeline (collector + enricher, no AWS)`,
    ``,
    `  Point your tracker at   ${url}`,
    `                          e.g. newTracker('sp1', '${url}', { appId: 'my-app' })`,
    `  Micro API               ${url}/micro/all   /micro/good   /micro/bad   /micro/reset`,
    `  Enriched events         ${outputDir}/good/dt=YYYY-MM-DD/hr=HH/*.tsv.gz`,
    `  Bad rows                ${outputDir}/bad/dt=YYYY-MM-DD/hr=HH/*.jsonl.gz`,
    `  Iglu                    ${o.resolverConfigFile ?? "Sleet's schemas, then Iglu Central over HTTP (offline: lookups become bad rows)"}`,
    `  Enrichments             ${enrichmentsDir}`,
    ``,
    `Press Ctrl-C to stop; open batches are written first.`,
  ].join('\n');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      collector.handler.startStopping();
      server.closeIdleConnections();
      void pipeline.flushNow();
      await collector.stop(); // resolves once the pipeline took (enriched) every record the collector accepted
      await pipeline.stop(); // writes the open batch
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(grace);
      await runtime.close();
    })();
    return stopping;
  };
  return { port, url, outputDir, collector, pipeline, store, banner, stop };
}
