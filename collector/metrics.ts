/**
 * The collector's Prometheus vocabulary, in one place (STYLE habit 7). Per-request work is one cached counter
 * child increment; gauges are read at scrape time.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SinkMetrics } from './sinks/sink-metrics';

export type RequestRouteLabel =
  | 'pixel'
  | 'vendor-get'
  | 'vendor-post'
  | 'redirect'
  | 'redirects-disabled'
  | 'preflight'
  | 'root'
  | 'crossdomain'
  | 'health'
  | 'sink-health'
  | 'robots'
  | 'metrics'
  | 'not-found'
  | 'bad-request';

export type UnavailableReason = 'unhealthy' | 'over-capacity' | 'timeout' | 'stopping';

export class CollectorMetrics {
  readonly #requests: Counter<'route' | 'status'>;
  readonly #requestChildren = new Map<string, Counter.Internal>();
  readonly #unavailable: Counter<'reason'>;
  readonly #badRows: Counter<'type'>;
  readonly #dropped: Counter<'reason'>;
  readonly #records: Counter<'sink'>;
  readonly #bytes: Counter<'sink'>;
  readonly #batchRecords: Histogram<'sink'>;
  readonly #latency: Histogram<'sink'>;
  readonly #retries: Counter<'sink' | 'error_type'>;
  readonly #healthy: Gauge<'sink'>;

  constructor(
    readonly registry: Registry,
    inFlightBytes: () => number,
  ) {
    const registers = [registry];
    this.#requests = new Counter({ name: 'sleet_collector_requests_total', help: 'HTTP requests answered, by route and status', labelNames: ['route', 'status'], registers });
    this.#unavailable = new Counter({ name: 'sleet_collector_unavailable_total', help: 'Tracking requests answered 503, by reason', labelNames: ['reason'], registers });
    this.#badRows = new Counter({ name: 'sleet_collector_bad_rows_total', help: 'Bad rows produced by the collector, by type', labelNames: ['type'], registers });
    this.#dropped = new Counter({ name: 'sleet_collector_events_not_stored_total', help: 'Tracking requests deliberately not stored (do-not-track, cookie bounce) or not accepted (redirect while the sink was full or stopping)', labelNames: ['reason'], registers });
    this.#records = new Counter({ name: 'sleet_collector_sink_records_total', help: 'Records made durable by the sink', labelNames: ['sink'], registers });
    this.#bytes = new Counter({ name: 'sleet_collector_sink_bytes_total', help: 'Record bytes made durable by the sink', labelNames: ['sink'], registers });
    this.#batchRecords = new Histogram({ name: 'sleet_collector_sink_batch_records', help: 'Records per sink call (PutRecords)', labelNames: ['sink'], buckets: [1, 5, 10, 25, 50, 100, 250, 500], registers });
    this.#latency = new Histogram({ name: 'sleet_collector_sink_call_seconds', help: 'Duration of sink calls (PutRecords)', labelNames: ['sink'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    this.#retries = new Counter({ name: 'sleet_collector_sink_retries_total', help: 'Records sent again after a failure, by error type', labelNames: ['sink', 'error_type'], registers });
    this.#healthy = new Gauge({ name: 'sleet_collector_sink_healthy', help: '1 when the sink is healthy', labelNames: ['sink'], registers });
    new Gauge({
      name: 'sleet_collector_in_flight_bytes',
      help: 'Bytes held: request bodies being read and records not yet durable',
      registers,
      collect() {
        this.set(inFlightBytes());
      },
    });
  }

  request(route: RequestRouteLabel, status: number): void {
    const key = `${route} ${status}`;
    let child = this.#requestChildren.get(key);
    if (child === undefined) {
      child = this.#requests.labels(route, String(status));
      this.#requestChildren.set(key, child);
    }
    child.inc();
  }

  unavailable(reason: UnavailableReason): void {
    this.#unavailable.labels(reason).inc();
  }

  badRow(type: 'size_violation'): void {
    this.#badRows.labels(type).inc();
  }

  notStored(reason: 'do_not_track' | 'cookie_bounce' | 'redirect_not_accepted'): void {
    this.#dropped.labels(reason).inc();
  }

  sink(name: string): SinkMetrics {
    const records = this.#records.labels(name);
    const bytes = this.#bytes.labels(name);
    const batch = this.#batchRecords.labels(name);
    const latency = this.#latency.labels(name);
    const healthy = this.#healthy.labels(name);
    return {
      sent: (n, b) => {
        records.inc(n);
        bytes.inc(b);
      },
      call: (n, seconds) => {
        batch.observe(n);
        latency.observe(seconds);
      },
      retried: (n, errorType) => this.#retries.labels(name, errorType).inc(n),
      healthChanged: (h) => healthy.set(h ? 1 : 0),
    };
  }
}
