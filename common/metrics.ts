import { collectDefaultMetrics, Registry } from 'prom-client';

/** A Prometheus registry per app, with Node's default process metrics under the `sleet_` prefix. */
export function createMetricsRegistry(opts: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sleet_' });
  return registry;
}
