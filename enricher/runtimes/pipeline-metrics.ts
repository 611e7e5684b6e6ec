import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SealedBatch } from '../batching/batch-builder';

/**
 * The fixed metric vocabulary of the enricher runtimes (STYLE.md habit 7): records in, events out by outcome,
 * objects and bytes written, batches committed, retries, freshness and lag. Labels are bounded (shard ids).
 */
export class PipelineMetrics {
  readonly recordsRead: Counter<'shard'>;
  readonly events: Counter<'outcome'>;
  readonly objectsWritten: Counter;
  readonly bytesWritten: Counter;
  readonly batchesCommitted: Counter;
  readonly batchesReplayed: Counter;
  readonly writeRetries: Counter;
  readonly batchPersistSeconds: Histogram;
  readonly batchAgeSeconds: Histogram;
  readonly millisBehindLatest: Gauge<'shard'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.recordsRead = new Counter({ name: 'sleet_enricher_records_read_total', help: 'Raw records read', labelNames: ['shard'], registers });
    this.events = new Counter({ name: 'sleet_enricher_events_total', help: 'Events out, by outcome (good, bad, dropped)', labelNames: ['outcome'], registers });
    this.objectsWritten = new Counter({ name: 'sleet_enricher_objects_written_total', help: 'Objects written (durable)', registers });
    this.bytesWritten = new Counter({ name: 'sleet_enricher_bytes_written_total', help: 'Compressed bytes written', registers });
    this.batchesCommitted = new Counter({ name: 'sleet_enricher_batches_committed_total', help: 'Batches whose checkpoint moved', registers });
    this.batchesReplayed = new Counter({ name: 'sleet_enricher_batches_replayed_total', help: 'Pending batches rebuilt after a restart', registers });
    this.writeRetries = new Counter({ name: 'sleet_enricher_write_retries_total', help: 'Retried object or checkpoint writes', registers });
    this.batchPersistSeconds = new Histogram({
      name: 'sleet_enricher_batch_persist_seconds',
      help: 'Time from sealing a batch to its checkpoint (gzip, upload, checkpoint)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.batchAgeSeconds = new Histogram({
      name: 'sleet_enricher_batch_age_seconds',
      help: 'Time from reading the first record of a batch to its checkpoint (freshness)',
      buckets: [1, 5, 10, 20, 30, 45, 60, 90, 120, 300],
      registers,
    });
    this.millisBehindLatest = new Gauge({ name: 'sleet_enricher_millis_behind_latest', help: 'GetRecords MillisBehindLatest', labelNames: ['shard'], registers });
  }

  committed(batch: SealedBatch, written: { objects: number; bytes: number }, sealedAt: number, now: number): void {
    this.events.inc({ outcome: 'good' }, batch.good);
    this.events.inc({ outcome: 'bad' }, batch.bad);
    this.events.inc({ outcome: 'dropped' }, batch.dropped);
    this.objectsWritten.inc(written.objects);
    this.bytesWritten.inc(written.bytes);
    this.batchesCommitted.inc();
    this.batchPersistSeconds.observe((now - sealedAt) / 1000);
    this.batchAgeSeconds.observe((now - batch.openedAt) / 1000);
  }
}
