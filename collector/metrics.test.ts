/**
 * Prometheus metrics: served on the main port (metrics.port null) or a separate server, with the collector's
 * fixed vocabulary: requests by route and status, records and bytes sent, batch sizes, sink latency, in-flight
 * bytes, 503s by reason, bad rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMetricsServer } from './app';
import { rawRequest, requestText, startTestCollector } from './test/harness';

describe('metrics', () => {
  it('counts what happens, by route, status, sink and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-metrics-'));
    const c = await startTestCollector(
      { sink: { type: 'file', maxRecordBytes: 2000, file: { directory: dir, fsync: false } }, networking: { maxPayloadBytes: 100_000 }, ack: { maxInFlightBytes: 65_536 } },
      { configuredSinks: true },
    );
    try {
      await rawRequest(c.port, requestText('GET', '/i?e=pv'));
      await rawRequest(c.port, requestText('POST', '/com.snowplowanalytics.snowplow/tp2', {}, '{"schema":"s","data":[]}'));
      await rawRequest(c.port, requestText('GET', '/nope'));
      await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, 'x'.repeat(5000)));
      const over = await rawRequest(c.port, requestText('POST', '/com.acme/v1', {}, 'y'.repeat(70_000)));
      expect(over.status).toBe(503);
      const m = await rawRequest(c.port, requestText('GET', '/metrics'));
      expect(m.status).toBe(200);
      expect(m.header('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = m.body.toString();
      expect(text).toMatch(/sleet_collector_requests_total\{route="pixel",status="200"\} 1/);
      expect(text).toMatch(/sleet_collector_requests_total\{route="vendor-post",status="200"\} 2/);
      expect(text).toMatch(/sleet_collector_requests_total\{route="vendor-post",status="503"\} 1/);
      expect(text).toMatch(/sleet_collector_requests_total\{route="not-found",status="404"\} 1/);
      expect(text).toMatch(/sleet_collector_unavailable_total\{reason="over-capacity"\} 1/);
      expect(text).toMatch(/sleet_collector_bad_rows_total\{type="size_violation"\} 1/);
      expect(text).toMatch(/sleet_collector_sink_records_total\{sink="good"\} 2/);
      expect(text).toMatch(/sleet_collector_sink_records_total\{sink="bad"\} 1/);
      expect(text).toMatch(/sleet_collector_sink_bytes_total\{sink="good"\} [1-9]\d*/);
      expect(text).toMatch(/sleet_collector_sink_batch_records_count\{sink="good"\} [1-9]/);
      expect(text).toMatch(/sleet_collector_sink_call_seconds_count\{sink="good"\} [1-9]/);
      expect(text).toMatch(/sleet_collector_sink_healthy\{sink="good"\} 1/);
      expect(text).toMatch(/sleet_collector_in_flight_bytes 0/);
      expect(text).toContain('sleet_collector_sink_retries_total');
      expect(text).toMatch(/sleet_process_resident_memory_bytes \d+/);
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves only the metrics path on the separate metrics server', async () => {
    const c = await startTestCollector({ metrics: { port: 0 } });
    const server = buildMetricsServer(c.collector);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const m = await rawRequest(port, requestText('GET', '/metrics'));
      expect(m.status).toBe(200);
      expect(m.body.toString()).toContain('sleet_collector_requests_total');
      expect((await rawRequest(port, requestText('GET', '/i'))).status).toBe(404);
      // And not on the main port.
      expect((await rawRequest(c.port, requestText('GET', '/metrics'))).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await c.close();
    }
  });
});
