/**
 * The standalone collector process: the only file of the collector with side effects (listening, signals).
 * `startCollector` listens and returns a handle whose `stop()` is the graceful shutdown: new tracking requests get
 * 503 and closed connections, the sinks flush, requests waiting for durability are answered, servers close.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '../common/logger';
import { buildCollector, buildHttpServer, buildMetricsServer, Collector, CollectorDeps } from './app';
import type { CollectorConfig } from './config/schema';

export interface RunningCollector {
  readonly collector: Collector;
  readonly server: Server;
  readonly port: number;
  /** Port of the separate metrics server, if any. */
  readonly metricsPort: number | undefined;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startCollector(config: Readonly<CollectorConfig>, deps: CollectorDeps & { log: Logger }): Promise<RunningCollector> {
  const log = deps.log.child({ component: 'collector' });
  const collector = buildCollector(config, deps);
  await collector.start();
  const server = buildHttpServer(collector);
  const metricsServer = config.metrics.enabled && config.metrics.port !== null ? buildMetricsServer(collector) : undefined;
  const port = await listen(server, config.port, config.interface);
  const metricsPort = metricsServer === undefined ? undefined : await listen(metricsServer, config.metrics.port ?? 0, config.metrics.interface);
  log.info({ port, metricsPort, sink: config.sink.type, ackMode: config.ack.mode }, 'collector listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      collector.handler.startStopping();
      server.closeIdleConnections();
      await collector.stop();
      // Requests that waited for durability are being answered (with Connection: close); give them a moment.
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(grace);
      if (metricsServer !== undefined) {
        await new Promise<void>((resolve) => {
          metricsServer.close(() => resolve());
          metricsServer.closeAllConnections();
        });
      }
    })();
    return stopping;
  };
  return { collector, server, port, metricsPort, stop };
}
