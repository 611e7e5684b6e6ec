/**
 * `enrichPayload` (enricher/api.ts): one input record → enriched TSV lines and bad rows, with no I/O besides cached
 * Iglu lookups. The chain reads top to bottom: split the record (compressed batches) → thrift loader → adapter →
 * per event `enrichEvent` → TSV or bad row → size check. Nothing here throws for bad input; every payload yields
 * events, bad rows, or an intentional JavaScript-enrichment drop.
 */
import { randomUUID } from 'node:crypto';
import {
  adapterFailures,
  BadRow,
  collectorPayloadFormatViolation,
  enrichmentFailures,
  schemaViolations,
  sizeViolation,
  trackerProtocolViolations,
} from '../common/bad-rows';
import { ENRICHED_FIELDS } from '../common/enriched-fields';
import type { BadOutput, EnrichDeps, EnrichPayload, EnrichResult, GoodOutput, RecordContext } from './api';
import { adapterFor } from './adapters/registry';
import type { LoadedPayload } from './adapters/adapter';
import type { RawEvent } from './model/raw-event';
import { formatCheckedTimestamp, formatTimestamp } from './mapping/timestamps';
import { ParseFailure } from './mapping/conversions';
import { collectorPayloadJson, enrichmentPayloadJson } from './output/bad-row-payloads';
import { exceeds, serializeBadRow, tsvSizeViolation } from './output/sized-output';
import { toTsv } from './output/tsv';
import { EventOutcome, finishEvent, Phase2, runEnrichments, startEvent } from './pipeline/enrich-event';
import { EventContext, enrichmentSlots } from './pipeline/event-context';
import { runStepsSync, SchemaNotCached, UnitValidator } from './pipeline/sync-validation';
import { loadPayload } from './pipeline/load-payload';
import { FramedItem, MAX_BYTES_SINGLE_PAYLOAD, splitRecord } from './pipeline/record-framing';

interface Collected {
  good: GoodOutput[];
  bad: BadOutput[];
  dropped: number;
}

const limitsCache = new WeakMap<object, Int32Array>();

function limitsArray(overrides: Readonly<Record<string, number>> | undefined): Int32Array {
  const limits = new Int32Array(ENRICHED_FIELDS.length);
  ENRICHED_FIELDS.forEach((f, i) => {
    const max = overrides?.[f.name] ?? ('maxLength' in f ? f.maxLength : 0);
    limits[i] = max;
  });
  return limits;
}
const DEFAULT_LIMITS = limitsArray(undefined);

function limitsFor(deps: EnrichDeps): Int32Array {
  const overrides = deps.atomicFieldLimits;
  if (overrides === undefined) return DEFAULT_LIMITS;
  let limits = limitsCache.get(overrides);
  if (limits === undefined) {
    limits = limitsArray(overrides);
    limitsCache.set(overrides, limits);
  }
  return limits;
}

let lastEtl: { ms: number; text: string } = { ms: NaN, text: '' };
/** `etl_tstamp` is one value per batch: format it once. */
function etlText(ms: number): string {
  if (lastEtl.ms !== ms) lastEtl = { ms, text: formatTimestamp(ms) };
  return lastEtl.text;
}

/** Collector timestamp when it is a valid TSV timestamp, else the record's arrival time. */
function partitionTime(ms: number, ctx: RecordContext): number {
  return formatCheckedTimestamp(ms) instanceof ParseFailure ? ctx.arrivalTimestamp : ms;
}

/**
 * One record's run. The record is worked through as a sequence of units: load + adapt each item, then per event
 * phase 1 (with an event id drawn once), phase 2 (enrichments: exactly once) and phase 3 + output. The units that
 * validate change nothing until they return, so when one meets a schema that is not cached (SchemaNotCached) the
 * run awaits the lookup and resumes at that unit: synchronous plain calls on the hot path, a promise only on a miss.
 */
class RecordRun {
  private readonly out: Collected = { good: [], bad: [], dropped: 0 };
  private readonly items: FramedItem[];
  private readonly now: () => number;
  private readonly iglu: UnitValidator;
  private itemAt = 0;
  /** The current item's loaded payload and events, once adapted. */
  private loaded: LoadedPayload | null = null;
  private events: RawEvent[] | null = null;
  private ectx: EventContext | null = null;
  private partition = 0;
  private eventAt = 0;
  /** The current event's generated id (drawn at most once, only for an event without a valid `eid`). */
  private eventId: string | null = null;
  private readonly drawEventId = (): string => (this.eventId ??= (this.ectx as EventContext).uuid());
  /** The current event's state after phase 2. */
  private phase2: Phase2 | null = null;

  constructor(
    record: Uint8Array,
    private readonly ctx: RecordContext,
    private readonly deps: EnrichDeps,
  ) {
    this.items = splitRecord(record);
    this.now = deps.clock ?? Date.now;
    this.iglu = new UnitValidator(deps.iglu);
  }

  run(): EnrichResult | Promise<EnrichResult> {
    try {
      this.proceed();
      return this.out;
    } catch (e) {
      if (e instanceof SchemaNotCached) return this.runAsync(e);
      throw e;
    }
  }

  private async runAsync(first: SchemaNotCached): Promise<EnrichResult> {
    let miss = first;
    for (;;) {
      await this.iglu.fetch(miss);
      try {
        this.proceed();
        return this.out;
      } catch (e) {
        if (!(e instanceof SchemaNotCached)) throw e;
        miss = e;
      }
    }
  }

  private proceed(): void {
    const iglu = this.iglu;
    while (this.itemAt < this.items.length) {
      if (this.events === null) {
        iglu.startAttempt();
        const adapted = this.adaptItem(this.items[this.itemAt] as FramedItem);
        iglu.unitDone();
        if (!adapted) {
          this.itemAt++;
          continue;
        }
      }
      const events = this.events as unknown as RawEvent[];
      const ectx = this.ectx as EventContext;
      while (this.eventAt < events.length) {
        const raw = events[this.eventAt] as RawEvent;
        if (this.phase2 === null) {
          iglu.startAttempt();
          const p1 = startEvent(raw, ectx, this.drawEventId, iglu.validate);
          iglu.unitDone();
          this.phase2 = runEnrichments(p1, ectx);
          this.eventId = null;
        }
        iglu.startAttempt();
        const outcome = finishEvent(this.phase2, ectx, iglu.validate);
        iglu.unitDone();
        this.phase2 = null;
        this.eventAt++;
        this.emit(raw, outcome);
      }
      this.events = null;
      this.loaded = null;
      this.ectx = null;
      this.eventAt = 0;
      this.itemAt++;
    }
  }

  private emitBad(row: BadRow, partitionTimestamp: number): void {
    const s = serializeBadRow(row, this.deps.maxRecordBytes, this.deps.processor, this.now());
    this.out.bad.push({ json: s.json, schema: s.schema, partitionTimestamp });
  }

  /** Loads and adapts one item: true when it has events to enrich, false when it became a bad row. */
  private adaptItem(item: FramedItem): boolean {
    const { ctx, deps } = this;
    const processor = deps.processor;
    if (item.kind === 'oversized') {
      const row = sizeViolation({
        processor,
        now: this.now(),
        maximumAllowedSizeBytes: MAX_BYTES_SINGLE_PAYLOAD,
        actualSizeBytes: item.size,
        expectation: `Payload exceeds the maximum allowed size of ${MAX_BYTES_SINGLE_PAYLOAD} bytes`,
        payload: Buffer.from(item.head).toString('base64'),
      });
      this.emitBad(row, ctx.arrivalTimestamp);
      return false;
    }
    if (item.kind === 'corrupt') {
      const row = collectorPayloadFormatViolation({
        processor,
        now: this.now(),
        message: { error: item.error.slice(0, 512) },
        payloadBase64: Buffer.from(item.bytes).toString('base64'),
      });
      this.emitBad(row, ctx.arrivalTimestamp);
      return false;
    }
    const result = loadPayload(item.bytes);
    if (!result.ok) {
      const row = collectorPayloadFormatViolation({
        processor,
        now: this.now(),
        message: result.message,
        payloadBase64: Buffer.from(item.bytes).toString('base64'),
      });
      this.emitBad(row, result.payload !== undefined ? partitionTime(result.payload.timestamp, ctx) : ctx.arrivalTimestamp);
      return false;
    }
    const loaded = result.loaded;
    const p = loaded.payload;
    const partition = partitionTime(p.timestamp, ctx);
    const adapted = runStepsSync(adapterFor(loaded)(loaded), this.iglu.validate);
    if (!adapted.ok) {
      const build = adapted.type === 'tracker_protocol_violations' ? trackerProtocolViolations : adapterFailures;
      const row = build({
        processor,
        now: this.now(),
        vendor: loaded.vendor,
        version: loaded.version,
        messages: adapted.messages,
        payload: collectorPayloadJson(loaded, p, loaded.querystring, loaded.ipAddress),
      });
      this.emitBad(row, partition);
      return false;
    }
    this.loaded = loaded;
    this.partition = partition;
    this.events = adapted.events;
    this.eventAt = 0;
    this.ectx = {
      payload: p,
      enrichments: deps.enrichments,
      slots: enrichmentSlots(deps.enrichments),
      vEtl: `${processor.artifact}-${processor.version}`,
      etlTstamp: etlText(ctx.etlTimestamp),
      decoder: loaded.decoder,
      uuid: deps.uuid ?? randomUUID,
      limits: limitsFor(deps),
      log: deps.log,
    };
    return true;
  }

  private emit(raw: RawEvent, outcome: EventOutcome): void {
    const { deps, out, partition } = this;
    const max = deps.maxRecordBytes;
    switch (outcome.kind) {
      case 'dropped':
        out.dropped++;
        break;
      case 'good': {
        const tsv = toTsv(outcome.event);
        if (exceeds(tsv, max)) this.emitBad(tsvSizeViolation(tsv, max, deps.processor, this.now()), partition);
        else out.good.push({ tsv, eventId: outcome.event.event_id as string, collectorTimestamp: (this.loaded as LoadedPayload).payload.timestamp });
        break;
      }
      case 'schema_violations':
        this.emitBad(
          schemaViolations({
            processor: deps.processor,
            now: this.now(),
            messages: outcome.messages,
            payload: enrichmentPayloadJson(outcome.event, raw),
          }),
          partition,
        );
        break;
      case 'enrichment_failures':
        this.emitBad(
          enrichmentFailures({
            processor: deps.processor,
            now: this.now(),
            messages: outcome.messages,
            payload: enrichmentPayloadJson(outcome.event, raw),
          }),
          partition,
        );
        break;
    }
  }
}

/** Synchronous when every schema is already cached (the hot path), else a promise. */
export function enrichRecord(record: Uint8Array, ctx: RecordContext, deps: EnrichDeps): EnrichResult | Promise<EnrichResult> {
  return new RecordRun(record, ctx, deps).run();
}

export const enrichPayload: EnrichPayload = async (record, ctx, deps) => enrichRecord(record, ctx, deps);
