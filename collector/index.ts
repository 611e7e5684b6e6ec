/** The collector's public surface (for the local embedded mode, sites mounting it, and tools). */
export { buildCollector, buildHttpServer, buildMetricsServer, COLLECTOR_PROCESSOR } from './app';
export type { Collector, CollectorDeps, CollectorSinks } from './app';
export { createCollector } from './express-router';
export type { CollectorRouter } from './express-router';
export { buildCollectorConfig, loadCollectorConfig } from './config/load';
export { COLLECTOR_CONFIG_SCHEMA, COLLECTOR_ENV_OVERRIDES } from './config/schema';
export type { CollectorConfig } from './config/schema';
export { startCollector } from './main';
export type { RunningCollector } from './main';
export { MemorySink } from './sinks/memory-sink';
export type { LocalBatch, MemorySinkOptions } from './sinks/memory-sink';
export { FileSink } from './sinks/file-sink';
export { KinesisSink } from './sinks/kinesis-sink';
export type { RecordSink, SinkRecord } from './sinks/sink';
export { SinkHealth } from './sinks/sink';
