/**
 * First-party mounting: the collector as an express Router, so that a campaign site serves it from its own origin
 * (same-site cookies, no third-party collector domain for ad blockers to block, no Safari 7-day cap on server-set
 * cookies). The Router calls the same node:http handler as the standalone server; paths it does not serve go on
 * to the host app (`next()`). Mount it before any body parser.
 *
 *   const collector = createCollector({ sink: { kinesis: { goodStream: 'raw', badStream: 'bad' } } });
 *   app.use('/t', collector);           // the JS tracker's endpoint is then https://site.example/t
 *   process.on('SIGTERM', () => collector.stop().then(() => server.close()));
 */
import { Router } from 'express';
import { buildCollector, Collector, CollectorDeps } from './app';
import { buildCollectorConfig } from './config/load';

export type CollectorRouter = Router & {
  readonly collector: Collector;
  /** 503 for new tracking requests, then resolves once everything taken is durable. */
  stop(): Promise<void>;
};

/**
 * @param config a collector config object (same keys as the config file; validated here, defaults filled in).
 *               `port`, `interface` and `metrics.port` are the host app's business and ignored; expose
 *               `router.collector.registry` on your own metrics endpoint.
 */
export function createCollector(config: unknown, deps: CollectorDeps = {}): CollectorRouter {
  const collector = buildCollector(buildCollectorConfig(config, '<createCollector>'), deps);
  collector.start().catch((err: unknown) => deps.log?.error({ err }, 'collector sinks failed to start'));
  const router = Router();
  router.use((req, res, next) => {
    if (!collector.handler.handle(req, res, true)) next();
  });
  return Object.assign(router, { collector, stop: () => collector.stop() });
}
