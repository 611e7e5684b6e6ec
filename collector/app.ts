/**
 * Builds the collector from a validated config — sinks, gate, handler, metrics, HTTP servers — and never listens
 * (collector/main.ts does). `createCollector` is the public factory for sites that mount the collector inside
 * their own express app.
 */
import http, { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import { Registry } from 'prom-client';
import type { Processor } from '../common/bad-rows';
import { Logger, silentLogger } from '../common/logger';
import { createMetricsRegistry } from '../common/metrics';
import { COLLECTOR_VERSION_KINESIS, SLEET_VERSION } from '../common/version';
import type { CollectorConfig } from './config/schema';
import { CollectorHandler } from './handler';
import { ResponseWriter } from './http/respond';
import { InFlightBudget } from './ingest/in-flight-budget';
import { RecordGate } from './ingest/record-gate';
import { CollectorMetrics } from './metrics';
import { FileSink } from './sinks/file-sink';
import { createKinesisClient } from './sinks/kinesis-client';
import { KinesisSink } from './sinks/kinesis-sink';
import { PutRecordsThread } from './sinks/put-records-thread';
import type { RecordSink } from './sinks/sink';
import { TrackingHandler } from './tracking';

/** `processor` of the collector's bad rows. */
export const COLLECTOR_PROCESSOR: Processor = { artifact: 'sleet-collector', version: SLEET_VERSION };

export interface CollectorSinks {
  readonly good: RecordSink;
  readonly bad: RecordSink;
}

export interface CollectorDeps {
  readonly log?: Logger;
  /** Registry for the collector's metrics; a new one (with Node process metrics) otherwise. */
  readonly registry?: Registry;
  /** Sinks to use instead of the configured ones (local embedded mode: MemorySink; tests). */
  readonly sinks?: CollectorSinks;
  /** Kinesis client to use instead of one built from config. */
  readonly kinesisClient?: KinesisClient;
  /** Explicit AWS credentials for the Kinesis client built from config (default: the SDK provider chain). */
  readonly kinesisCredentials?: KinesisClientConfig['credentials'];
}

export interface Collector {
  readonly config: Readonly<CollectorConfig>;
  readonly sinks: CollectorSinks;
  readonly registry: Registry;
  readonly metrics: CollectorMetrics;
  readonly handler: CollectorHandler;
  readonly gate: RecordGate;
  readonly budget: InFlightBudget;
  /** node:http request listener of the standalone server. */
  readonly requestListener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts the sinks' background work (stream checks). */
  start(): Promise<void>;
  /**
   * Refuses new tracking requests (503, connections closed) and resolves once every record taken so far is
   * durable. Does not close HTTP servers: their owner does.
   */
  stop(): Promise<void>;
}

export function buildCollector(config: Readonly<CollectorConfig>, deps: CollectorDeps = {}): Collector {
  const log = (deps.log ?? silentLogger()).child({ component: 'collector' });
  const registry = deps.registry ?? createMetricsRegistry();
  const budget = new InFlightBudget(config.ack.maxInFlightBytes);
  const metrics = new CollectorMetrics(registry, () => budget.usedBytes);
  const owned = deps.sinks === undefined ? buildSinks(config, deps, log, metrics) : undefined;
  const sinks: CollectorSinks = deps.sinks ?? owned!.sinks;
  const gate = new RecordGate({ good: sinks.good, bad: sinks.bad, budget, mode: config.ack.mode, timeoutMs: config.ack.timeoutMs });
  const writer: ResponseWriter = new ResponseWriter(config.hsts, metrics, (): boolean => handler.stopping);
  const tracking = new TrackingHandler({ config, gate, budget, writer, metrics, log, collectorName: COLLECTOR_VERSION_KINESIS, processor: COLLECTOR_PROCESSOR });
  const metricsOnMainPort = config.metrics.enabled && config.metrics.port === null;
  const handler: CollectorHandler = new CollectorHandler({
    config,
    tracking,
    gate,
    writer,
    log,
    metricsText: metricsOnMainPort ? async () => ({ contentType: registry.contentType, body: await registry.metrics() }) : undefined,
  });
  const h = handler;
  let stopped: Promise<void> | undefined;
  return {
    config,
    sinks,
    registry,
    metrics,
    handler: h,
    gate,
    budget,
    requestListener: (req, res) => {
      h.handle(req, res);
    },
    async start() {
      await Promise.all([sinks.good.start(), sinks.bad.start()]);
    },
    stop() {
      stopped ??= (async () => {
        h.startStopping();
        gate.close();
        const pending = sinks.good.pendingRecords() + sinks.bad.pendingRecords();
        log.info({ pendingRecords: pending }, 'collector stopping: flushing sinks');
        await Promise.all([sinks.good.stop(), sinks.bad.stop()]);
        owned?.close();
        log.info('collector sinks flushed');
      })();
      return stopped;
    },
  };
}

function buildSinks(config: Readonly<CollectorConfig>, deps: CollectorDeps, log: Logger, metrics: CollectorMetrics): { sinks: CollectorSinks; close(): void } {
  if (config.sink.type === 'file') {
    const f = config.sink.file;
    return {
      sinks: {
        good: new FileSink({ name: 'good', path: join(f.directory, 'good.b64'), format: 'base64', fsync: f.fsync, log, metrics: metrics.sink('good') }),
        bad: new FileSink({ name: 'bad', path: join(f.directory, 'bad.jsonl'), format: 'text', fsync: f.fsync, log, metrics: metrics.sink('bad') }),
      },
      close: () => undefined,
    };
  }
  const k = config.sink.kinesis;
  const client =
    deps.kinesisClient ??
    createKinesisClient({ region: k.region, endpoint: k.endpoint, requestTimeoutMs: k.requestTimeoutMs, maxSockets: 2, credentials: deps.kinesisCredentials });
  // PutRecords goes through the lean client (same wire request, far less CPU per call) on a worker thread, off the
  // thread that serves requests; the SDK client keeps the stream checks and provides the credentials (its provider
  // chain, memoised). An injected client does it all.
  const lean =
    deps.kinesisClient === undefined
      ? new PutRecordsThread({ region: k.region, endpoint: k.endpoint, credentials: () => client.config.credentials(), requestTimeoutMs: k.requestTimeoutMs, maxSockets: k.maxConcurrentCalls * 2 + 2 })
      : undefined;
  const sink = (name: 'good' | 'bad', streamName: string): KinesisSink =>
    new KinesisSink({
      name,
      client,
      putRecords: lean?.putRecords,
      streamName,
      maxRecordsPerCall: k.maxRecordsPerCall,
      maxBytesPerCall: k.maxBytesPerCall,
      lingerMs: k.lingerMs,
      maxConcurrentCalls: k.maxConcurrentCalls,
      minBackoffMs: k.minBackoffMs,
      maxBackoffMs: k.maxBackoffMs,
      maxRetries: k.maxRetries,
      healthCheckIntervalMs: k.healthCheckIntervalMs,
      log,
      metrics: metrics.sink(name),
    });
  return {
    sinks: { good: sink('good', k.goodStream), bad: sink('bad', k.badStream) },
    close: () => {
      if (deps.kinesisClient === undefined) client.destroy();
      lean?.destroy();
    },
  };
}

/**
 * The standalone HTTP server, configured (timeouts, limits, keep-alive above the ALB's 60 s idle timeout) but not
 * listening. Malformed requests that never reach the handler get 400 (408 on timeouts) and a closed connection.
 */
export function buildHttpServer(collector: Collector): http.Server {
  const n = collector.config.networking;
  const server = http.createServer(
    {
      maxHeaderSize: n.maxRequestLineBytes + n.maxHeadersBytes,
      headersTimeout: n.headersTimeoutSecs * 1000,
      requestTimeout: n.requestTimeoutSecs * 1000,
      keepAliveTimeout: n.keepAliveTimeoutSecs * 1000,
      connectionsCheckingInterval: Math.min(1000, n.headersTimeoutSecs * 500),
    },
    collector.requestListener,
  );
  server.keepAliveTimeout = n.keepAliveTimeoutSecs * 1000;
  server.maxConnections = n.maxConnections;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    collector.metrics.request('bad-request', status);
    const body = status === 408 ? 'Response timed out' : '';
    const contentType = status === 408 ? 'Content-Type: text/plain; charset=UTF-8\r\n' : '';
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${contentType}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  });
  return server;
}

/** A separate server answering only the metrics path (metrics.port), not listening yet. */
export function buildMetricsServer(collector: Collector): http.Server {
  const { path } = collector.config.metrics;
  const registry = collector.registry;
  const send = (res: ServerResponse, status: number, contentType: string, body: string): void => {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) }).end(body);
  };
  return http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== path) return send(res, 404, 'text/plain; charset=UTF-8', 'Not found');
    registry.metrics().then(
      (text) => send(res, 200, registry.contentType, text),
      () => send(res, 500, 'text/plain; charset=UTF-8', ''),
    );
  });
}
