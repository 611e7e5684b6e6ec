/**
 * The enricher half of the local embedded mode: pulls the collector's records from its in-process MemorySinks
 * (a bounded hand-over: a record's HTTP 200 waits until this pipeline has enriched it, and the collector's
 * in-flight cap turns a backlog into 503s), enriches them, shows them through the Micro store, and writes them to
 * the output directory in the S3 layout within flushMaxAgeSecs (and on stop). So when a tracker gets its 200, the
 * event is already visible in /micro/good, as with Snowplow Micro; only a killed process (not Ctrl-C) can lose
 * the last seconds of the directory output.
 */
import type { Logger } from '../../../common/logger';
import { BAD_ROW_SCHEMAS, badRow, instantText, type Processor } from '../../../common/bad-rows';
import type { BadOutput, EnrichResult } from '../../api';
import { BatchBuilder } from '../../batching/batch-builder';
import { toEnrichedRecord } from '../../batching/enriched-record';
import { isDue, isFull, type FlushPolicy } from '../../batching/flush-policy';
import type { IgluValidator } from '../../iglu/types';
import type { ObjectSink } from '../../sinks/object-sink';
import { writeBatch } from '../../sinks/write-batch';
import type { EnrichFn } from '../enrich-records';
import { contextSchemas, eventJson, eventSchema } from './micro/event-json';
import type { MicroStore } from './micro/micro-store';
import { collectorPayloadOf, rawEventJson, rawEventsOf, type RawEventJson } from './micro/raw-json';

/** The part of the collector's MemorySink this pipeline uses. */
export interface LocalRecordSource {
  next(): Promise<{ readonly records: ReadonlyArray<{ readonly data: Buffer }>; ack(): void; nack(): void } | undefined>;
}

export interface LocalPipelineOptions {
  readonly good: LocalRecordSource;
  readonly bad: LocalRecordSource;
  readonly enrich: EnrichFn;
  readonly iglu: IgluValidator;
  readonly processor: Processor;
  readonly sink: ObjectSink;
  readonly store: MicroStore;
  readonly policy: FlushPolicy;
  readonly prefix: string;
  readonly log: Logger;
  readonly clock?: () => number;
}

const SEQ_DIGITS = 20;

/** Micro's first error line per bad-row type (its second is the bad row itself). */
const ERROR_TITLES: Readonly<Record<string, string>> = {
  schema_violations: 'Error while validating the event',
  enrichment_failures: 'Error while enriching the event',
  tracker_protocol_violations: 'Error while extracting event(s) from collector payload and validating it/them',
  adapter_failures: 'Error while extracting event(s) from collector payload and validating it/them',
  collector_payload_format_violation: 'Error while decoding the collector payload',
  size_violation: 'The event is larger than the maximum allowed size',
  generic_error: 'Error while processing the event',
};

export class LocalPipeline {
  readonly #o: LocalPipelineOptions;
  readonly #clock: () => number;
  readonly #builder: BatchBuilder;
  readonly #stream = 'local';
  #seq = 0n;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #loops: Promise<void>[] = [];
  #events = { good: 0, bad: 0 };

  constructor(o: LocalPipelineOptions) {
    this.#o = o;
    this.#clock = o.clock ?? Date.now;
    // One "shard" per run: keys of different runs never collide, keys of one run follow the arrival order.
    this.#builder = new BatchBuilder({ prefix: o.prefix, stream: this.#stream, shardId: `run${this.#clock()}` });
  }

  get counts(): { good: number; bad: number } {
    return { ...this.#events };
  }

  start(): void {
    this.#loops = [this.#pull(this.#o.good, (records) => this.#enrichBatch(records)), this.#pull(this.#o.bad, (records) => this.#collectorBadRows(records))];
    this.#timer = setInterval(() => {
      this.#serial(async () => {
        if (!this.#builder.isEmpty && isDue(this.#o.policy, this.#builder.openedAt, this.#clock())) await this.#flush();
      });
    }, 100);
  }

  /** Writes what is open now (Ctrl-C), without waiting for the age limit. */
  flushNow(): Promise<void> {
    return this.#serial(() => this.#flush());
  }

  /** After the collector stopped (its sinks drained): ends the pull loops and flushes the rest. */
  async stop(): Promise<void> {
    await Promise.all(this.#loops);
    clearInterval(this.#timer);
    await this.flushNow();
  }

  async #pull(source: LocalRecordSource, handle: (records: ReadonlyArray<{ readonly data: Buffer }>) => Promise<void>): Promise<void> {
    for (;;) {
      const batch = await source.next();
      if (batch === undefined) return;
      try {
        await this.#serial(() => handle(batch.records));
        batch.ack();
      } catch (err) {
        this.#o.log.error({ err }, 'local pipeline failed on a batch; it is delivered again');
        batch.nack();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Runs `fn` after everything queued before it: one record order, one builder. */
  #serial(fn: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #enrichBatch(records: ReadonlyArray<{ readonly data: Buffer }>): Promise<void> {
    const etl = this.#builder.etlTimestamp ?? this.#clock();
    for (const r of records) {
      const seq = this.#nextSeq();
      const arrival = this.#clock();
      const ctx = { etlTimestamp: etl, arrivalTimestamp: arrival };
      let result: EnrichResult;
      try {
        result = await this.#o.enrich(r.data, ctx, `${this.#stream}/${seq}`);
      } catch (err) {
        // Typically an Iglu registry that cannot be reached (offline): a clear bad row now, not an endless retry.
        result = { good: [], bad: [this.#genericError(err, r.data, arrival)], dropped: 0 };
      }
      await this.#show(r.data, result);
      await this.#add(toEnrichedRecord(seq, ctx, result));
    }
  }

  async #collectorBadRows(records: ReadonlyArray<{ readonly data: Buffer }>): Promise<void> {
    for (const r of records) {
      const seq = this.#nextSeq();
      const now = this.#clock();
      const json = r.data.toString('utf8');
      const schema = (JSON.parse(json) as { schema?: string }).schema ?? BAD_ROW_SCHEMAS.genericError;
      this.#o.store.addBad({ collectorPayload: null, rawEvent: null, errors: [titleOf(schema), json] });
      this.#events.bad++;
      const result: EnrichResult = { good: [], bad: [{ json, schema, partitionTimestamp: now }], dropped: 0 };
      await this.#add(toEnrichedRecord(seq, { etlTimestamp: this.#builder.etlTimestamp ?? now, arrivalTimestamp: now }, result));
    }
  }

  async #add(rec: ReturnType<typeof toEnrichedRecord>): Promise<void> {
    if (this.#builder.needsCutBefore(rec)) await this.#flush();
    this.#builder.add(rec, this.#clock());
    if (isFull(this.#o.policy, this.#builder.size)) await this.#flush();
  }

  /** Micro's view of one record's outcome: GoodEvents with their raw events, BadEvents with their payload. */
  async #show(record: Buffer, result: EnrichResult): Promise<void> {
    const raws = result.good.length > 0 ? (await rawEventsOf(record, this.#o.iglu)).map(rawEventJson) : [];
    const byEid = new Map<string, RawEventJson>();
    for (const raw of raws) if (raw.parameters.eid !== undefined) byEid.set(raw.parameters.eid, raw);
    for (const g of result.good) {
      const event = eventJson(g.tsv);
      this.#o.store.addGood({
        rawEvent: byEid.get(g.eventId) ?? null,
        eventType: typeof event.event === 'string' ? event.event : null,
        schema: eventSchema(event),
        contexts: contextSchemas(event),
        event,
      });
      this.#events.good++;
    }
    if (result.bad.length > 0) {
      const collectorPayload = collectorPayloadOf(record);
      for (const b of result.bad) {
        this.#o.store.addBad({ collectorPayload, rawEvent: rawOfBadRow(b), errors: [titleOf(b.schema), b.json] });
        this.#events.bad++;
      }
    }
  }

  /** Writes the open batch, if any. */
  async #flush(): Promise<void> {
    if (this.#builder.isEmpty) return;
    const batch = this.#builder.seal();
    await writeBatch(this.#o.sink, batch, { initialDelayMs: 100, maxDelayMs: 2000, maxAttempts: 5 }, {
      onRetry: (err) => this.#o.log.warn({ err }, 'writing to the output directory failed, retrying'),
    });
  }

  #nextSeq(): string {
    this.#seq++;
    return this.#seq.toString().padStart(SEQ_DIGITS, '0');
  }

  #genericError(err: unknown, record: Buffer, now: number): BadOutput {
    const row = badRow(BAD_ROW_SCHEMAS.genericError, this.#o.processor, { timestamp: instantText(now), errors: [err instanceof Error ? err.message : String(err)] }, record.toString('base64'));
    return { json: JSON.stringify(row), schema: row.schema, partitionTimestamp: now };
  }
}

function titleOf(schema: string): string {
  const name = /badrows\/([^/]+)\//.exec(schema)?.[1] ?? 'generic_error';
  return ERROR_TITLES[name] ?? 'Error while processing the event';
}

/** The raw event a bad row carries (`payload.raw` of schema_violations / enrichment_failures), in Micro's shape. */
function rawOfBadRow(b: BadOutput): RawEventJson | null {
  try {
    const raw = (JSON.parse(b.json) as { data?: { payload?: { raw?: Record<string, unknown> } } }).data?.payload?.raw;
    if (raw === undefined || typeof raw !== 'object' || raw === null || !Array.isArray(raw.parameters)) return null;
    const parameters: Record<string, string> = {};
    for (const p of raw.parameters as Array<{ name: string; value: string | null }>) if (p.value !== null) parameters[p.name] = p.value;
    return {
      api: { vendor: String(raw.vendor ?? ''), version: String(raw.version ?? '') },
      parameters,
      contentType: (raw.contentType as string | null) ?? null,
      source: { name: String(raw.loaderName ?? ''), encoding: String(raw.encoding ?? ''), hostname: (raw.hostname as string | null) ?? null },
      context: {
        timestamp: String(raw.timestamp ?? ''),
        ipAddress: (raw.ipAddress as string | null) ?? null,
        useragent: (raw.useragent as string | null) ?? null,
        refererUri: (raw.refererUri as string | null) ?? null,
        headers: (raw.headers as string[] | undefined) ?? [],
        userId: (raw.userId as string | null) ?? null,
      },
    };
  } catch {
    return null;
  }
}
