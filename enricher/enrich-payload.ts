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
import { formatCheckedTimestamp, formatTimestamp } from './mapping/timestamps';
import { ParseFailure } from './mapping/conversions';
import { collectorPayloadJson, enrichmentPayloadJson } from './output/bad-row-payloads';
import { exceeds, serializeBadRow, tsvSizeViolation } from './output/sized-output';
import { toTsv } from './output/tsv';
import { enrichEvent } from './pipeline/enrich-event';
import type { EventContext } from './pipeline/event-context';
import { IgluSteps, runIgluSteps } from './pipeline/iglu-steps';
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

function* enrichRecordSteps(record: Uint8Array, ctx: RecordContext, deps: EnrichDeps): IgluSteps<EnrichResult> {
  const out: Collected = { good: [], bad: [], dropped: 0 };
  const now = deps.clock ?? Date.now;
  const max = deps.maxRecordBytes;
  const emitBad = (row: BadRow, partitionTimestamp: number): void => {
    const s = serializeBadRow(row, max, deps.processor, now());
    out.bad.push({ json: s.json, schema: s.schema, partitionTimestamp });
  };
  for (const item of splitRecord(record)) yield* enrichItem(item, ctx, deps, out, emitBad, now, max);
  return out;
}

function* enrichItem(
  item: FramedItem,
  ctx: RecordContext,
  deps: EnrichDeps,
  out: Collected,
  emitBad: (row: BadRow, partitionTimestamp: number) => void,
  now: () => number,
  max: number,
): IgluSteps<void> {
  const processor = deps.processor;
  if (item.kind === 'oversized') {
    const row = sizeViolation({
      processor,
      now: now(),
      maximumAllowedSizeBytes: MAX_BYTES_SINGLE_PAYLOAD,
      actualSizeBytes: item.size,
      expectation: `Payload exceeds the maximum allowed size of ${MAX_BYTES_SINGLE_PAYLOAD} bytes`,
      payload: Buffer.from(item.head).toString('base64'),
    });
    emitBad(row, ctx.arrivalTimestamp);
    return;
  }
  if (item.kind === 'corrupt') {
    const row = collectorPayloadFormatViolation({
      processor,
      now: now(),
      message: { error: item.error.slice(0, 512) },
      payloadBase64: Buffer.from(item.bytes).toString('base64'),
    });
    emitBad(row, ctx.arrivalTimestamp);
    return;
  }
  const loaded = loadPayload(item.bytes);
  if (!loaded.ok) {
    const row = collectorPayloadFormatViolation({
      processor,
      now: now(),
      message: loaded.message,
      payloadBase64: Buffer.from(item.bytes).toString('base64'),
    });
    emitBad(row, loaded.payload !== undefined ? partitionTime(loaded.payload.timestamp, ctx) : ctx.arrivalTimestamp);
    return;
  }
  yield* enrichLoaded(loaded.loaded, ctx, deps, out, emitBad, now, max);
}

function* enrichLoaded(
  loaded: LoadedPayload,
  ctx: RecordContext,
  deps: EnrichDeps,
  out: Collected,
  emitBad: (row: BadRow, partitionTimestamp: number) => void,
  now: () => number,
  max: number,
): IgluSteps<void> {
  const p = loaded.payload;
  const partition = partitionTime(p.timestamp, ctx);
  const adapted = yield* adapterFor(loaded)(loaded);
  if (!adapted.ok) {
    const build = adapted.type === 'tracker_protocol_violations' ? trackerProtocolViolations : adapterFailures;
    const row = build({
      processor: deps.processor,
      now: now(),
      vendor: loaded.vendor,
      version: loaded.version,
      messages: adapted.messages,
      payload: collectorPayloadJson(loaded, p, loaded.querystring, loaded.ipAddress),
    });
    emitBad(row, partition);
    return;
  }
  const ectx: EventContext = {
    payload: p,
    enrichments: deps.enrichments,
    vEtl: `${deps.processor.artifact}-${deps.processor.version}`,
    etlTstamp: etlText(ctx.etlTimestamp),
    decoder: loaded.decoder,
    uuid: deps.uuid ?? randomUUID,
    limits: limitsFor(deps),
    log: deps.log,
  };
  for (const raw of adapted.events) {
    const outcome = yield* enrichEvent(raw, ectx);
    switch (outcome.kind) {
      case 'dropped':
        out.dropped++;
        break;
      case 'good': {
        const tsv = toTsv(outcome.event);
        if (exceeds(tsv, max)) emitBad(tsvSizeViolation(tsv, max, deps.processor, now()), partition);
        else out.good.push({ tsv, eventId: outcome.event.event_id as string, collectorTimestamp: p.timestamp });
        break;
      }
      case 'schema_violations':
        emitBad(
          schemaViolations({
            processor: deps.processor,
            now: now(),
            messages: outcome.messages,
            payload: enrichmentPayloadJson(outcome.event, raw),
          }),
          partition,
        );
        break;
      case 'enrichment_failures':
        emitBad(
          enrichmentFailures({
            processor: deps.processor,
            now: now(),
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
  return runIgluSteps(enrichRecordSteps(record, ctx, deps), deps.iglu);
}

export const enrichPayload: EnrichPayload = async (record, ctx, deps) => enrichRecord(record, ctx, deps);
