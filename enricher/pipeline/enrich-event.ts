/**
 * One raw event → enriched event or bad row (spec/enrich.md §0 step 4, §3.1, §4.0, §5), as Enrich's
 * `EnrichmentManager.enrichEvent`:
 * - phase 1: defaults, parameter mapping, `co/cx` and `ue_pr/ue_px` validation;
 * - phase 2: enrichments in their fixed slots, interleaved with the core steps; each step's new contexts are
 *   prepended to derived_contexts;
 * - phase 3: derived contexts validated (invalid ones dropped), validation_info appended, contexts/unstruct
 *   re-validated if the JavaScript enrichment replaced them, atomic field lengths checked (no truncation).
 * Outcome priority: phase-1 schema violations, then enrichment failures, then phase-3 schema violations.
 */
import { ENRICHED_FIELD_NAMES } from '../../common/enriched-fields';
import type { EnrichmentFailureMessage, EnrichmentInput, EnrichmentSlot } from '../enrichments/enrichment';
import type { EnrichedEvent } from '../model/enriched-event';
import { newEnrichedEvent } from './new-enriched-event';
import { isSharedEntityData } from '../model/shared-entity-data';
import { overLongFields } from './atomic-lengths';
import type { RawEvent } from '../model/raw-event';
import type { SelfDescribingJson } from '../model/self-describing';
import { decodeBase64Lenient } from '../mapping/base64';
import { cleanCollectorUseragent, firstIpToken, makeTsvSafe, ParseFailure } from '../mapping/conversions';
import { stringifyJson, toPlain } from '../mapping/json';
import { formatCheckedTimestamp } from '../mapping/timestamps';
import { TransformTimes, transformParameters } from '../mapping/transform';
import {
  applyCrossDomain,
  checkCollectorVersion,
  deriveTimestamp,
  extractEventSchema,
  pageQuerystring,
  parsePageUri,
  parseReferrerUri,
} from './core-steps';
import { EventContext, SLOT_INDEX } from './event-context';
import { AtomicDataReport, atomicViolation, SchemaViolationMessage } from './failure-messages';
import type { Validate } from './sync-validation';
import { extractContexts, extractUnstruct, validateEntity } from './input-json';

export type EventOutcome =
  | { readonly kind: 'good'; readonly event: EnrichedEvent }
  | { readonly kind: 'schema_violations'; readonly event: EnrichedEvent; readonly messages: SchemaViolationMessage[] }
  | { readonly kind: 'enrichment_failures'; readonly event: EnrichedEvent; readonly messages: EnrichmentFailureMessage[] }
  | { readonly kind: 'dropped' };

/** The input handed to enrichments; `pageQuerystring` is set by the core step 9 (§4.0). */
export interface PipelineEnrichmentInput extends EnrichmentInput {
  pageQuerystring?: ReadonlyMap<string, string | null>;
}

type Fields = Record<string, string | null>;

const FIELD_NAMES: readonly string[] = ENRICHED_FIELD_NAMES;

function lastOf(params: ReadonlyMap<string, string>, a: string, b: string): string | null {
  let found: string | null = null;
  for (const k of params.keys()) if (k === a || k === b) found = k;
  return found;
}

/** What phase 1 leaves for phase 2. */
export interface Phase1 {
  readonly event: EnrichedEvent;
  readonly raw: RawEvent;
  readonly phase1: SchemaViolationMessage[];
  readonly validationInfo: SelfDescribingJson[];
  readonly times: TransformTimes;
  readonly collectorMs: number | null;
}

/** What phases 1 and 2 leave for phase 3. */
export interface Phase2 extends Phase1 {
  readonly failures: EnrichmentFailureMessage[];
  readonly dropped: boolean;
  readonly jsChangedContexts: boolean;
  readonly jsChangedUnstruct: boolean;
}

/** One raw event → outcome, all phases (for callers that validate synchronously). */
export function enrichEvent(raw: RawEvent, ctx: EventContext, validate: Validate): EventOutcome {
  return finishEvent(runEnrichments(startEvent(raw, ctx, ctx.uuid, validate), ctx), ctx, validate);
}

/**
 * Phase 1: defaults (§1.7), mapping (§2.4), input JSON (§5.1–5.2). Changes nothing outside the new event, so it
 * can run again after a SchemaNotCached (`eventId` must then give the same id again).
 */
export function startEvent(raw: RawEvent, ctx: EventContext, eventId: () => string, validate: Validate): Phase1 {
  const event = newEnrichedEvent();
  const ev = event as unknown as Fields;
  ev.v_collector = makeTsvSafe(raw.loaderName);
  ev.v_etl = ctx.vEtl;
  ev.etl_tstamp = ctx.etlTstamp;
  ev.network_userid = raw.userId;
  ev.user_ipaddress = raw.ipAddress === null ? null : makeTsvSafe(firstIpToken(raw.ipAddress));
  ev.useragent = cleanCollectorUseragent(raw.useragent ?? undefined);
  const reports: AtomicDataReport[] = [];
  let collectorMs: number | null = null;
  const collector = formatCheckedTimestamp(raw.timestamp);
  if (collector instanceof ParseFailure) {
    reports.push({ message: collector.message, path: 'collector_tstamp', keyword: 'atomic_field_parse_error', targets: [] });
  } else {
    ev.collector_tstamp = collector;
    collectorMs = raw.timestamp;
  }
  const times: TransformTimes = { dvceCreated: null, dvceSent: null, trueTstamp: null };
  for (const e of transformParameters(raw.parameters, event, times)) {
    reports.push({ message: e.message, path: e.param, keyword: 'atomic_field_parse_error', targets: [] });
  }
  // Enrich generates an id and lets a valid `eid` replace it: drawn only when needed (a position-based id costs a
  // SHA-256 per event in the runtimes, and trackers send `eid`).
  if (ev.event_id === null) ev.event_id = eventId();
  const phase1: SchemaViolationMessage[] = [];
  if (reports.length > 0) phase1.push(atomicViolation(reports));
  const validationInfo: SelfDescribingJson[] = [];

  const ueParam = lastOf(raw.parameters, 'ue_pr', 'ue_px');
  if (ueParam !== null) {
    const value = raw.parameters.get(ueParam) as string;
    const text = makeTsvSafe(ueParam === 'ue_px' ? decodeBase64Lenient(value) : value);
    if (text !== null) {
      const o = extractUnstruct('unstruct', text, text, phase1, validate);
      event.unstruct_event = o.unstruct;
      if (o.validationInfo !== undefined) validationInfo.push(o.validationInfo);
    }
  }
  const coParam = lastOf(raw.parameters, 'co', 'cx');
  if (coParam !== null) {
    const value = raw.parameters.get(coParam) as string;
    const text = makeTsvSafe(coParam === 'cx' ? decodeBase64Lenient(value) : value);
    if (text !== null) {
      const o = extractContexts('contexts', text, text, phase1, validate);
      event.contexts = o.contexts;
      validationInfo.push(...o.validationInfo);
    }
  }

  return { event, raw, phase1, validationInfo, times, collectorMs };
}

/** Phase 2: core steps and enrichments in Enrich's order (§4.0). Runs once per event (enrichments keep state). */
export function runEnrichments(p1: Phase1, ctx: EventContext): Phase2 {
  const { event, raw, times, collectorMs } = p1;
  const ev = event as unknown as Fields;
  const failures: EnrichmentFailureMessage[] = [];
  const input: PipelineEnrichmentInput = { event, raw, payload: ctx.payload };
  let dropped = false;
  const slots = ctx.slots;
  const run = (slot: EnrichmentSlot): void => {
    const list = slots[SLOT_INDEX[slot]];
    if (list === null || list === undefined) return;
    for (const enrichment of list) {
      try {
        const r = enrichment.enrich(input);
        if (r === undefined) continue;
        if (r.contexts !== undefined && r.contexts.length > 0) {
          event.derived_contexts = [...r.contexts, ...event.derived_contexts];
        }
        if (r.failures !== undefined) failures.push(...r.failures);
        if (r.drop === true) dropped = true;
      } catch (e) {
        // A throwing enrichment is a bug, but it must not lose the event: it becomes an enrichment failure.
        const message = e instanceof Error ? e.message : String(e);
        ctx.log?.warn({ enrichment: enrichment.name, err: message }, 'enrichment threw');
        failures.push({ enrichment: null, message: { error: `${enrichment.name}: ${message}`.slice(0, 512) } });
      }
    }
  };
  checkCollectorVersion(ev, failures);
  parsePageUri(ev, raw.refererUri, failures);
  deriveTimestamp(ev, times, collectorMs, failures);
  run('iab_spiders_and_robots');
  run('user_agent_utils');
  run('ua_parser');
  run('currency_conversion');
  parseReferrerUri(ev, failures);
  run('referer_parser');
  input.pageQuerystring = pageQuerystring(ev, ctx.decoder);
  run('campaign_attribution');
  applyCrossDomain(ev, input.pageQuerystring, slots[SLOT_INDEX.cross_navigation] === null, failures);
  run('cross_navigation');
  run('event_fingerprint');
  run('cookie_extractor');
  run('http_header_extractor');
  run('weather');
  run('yauaa');
  extractEventSchema(event, failures);
  run('ip_lookups');
  run('asn_lookups');
  run('bot_detection');
  const contextsBeforeJs = event.contexts;
  const unstructBeforeJs = event.unstruct_event;
  run('javascript_script');
  // Only a change made by the JavaScript enrichment triggers re-validation (§5); PII runs later and replaces
  // entities with hashed copies that must not be validated again (a hashed e-mail no longer matches `format`).
  const jsChangedContexts = event.contexts !== contextsBeforeJs;
  const jsChangedUnstruct = event.unstruct_event !== unstructBeforeJs;
  run('sql_query');
  run('api_request');
  run('anon_ip');
  run('pii');

  return {
    event,
    raw,
    phase1: p1.phase1,
    validationInfo: p1.validationInfo,
    times,
    collectorMs,
    failures,
    dropped,
    jsChangedContexts,
    jsChangedUnstruct,
  };
}

/**
 * Phase 3 and the outcome. Changes nothing until every validation has answered, so it can run again after a
 * SchemaNotCached.
 */
export function finishEvent(p: Phase2, ctx: EventContext, validate: Validate): EventOutcome {
  const { event, phase1, failures } = p;
  if (p.dropped) return { kind: 'dropped' };
  if (phase1.length > 0) return { kind: 'schema_violations', event, messages: phase1 };
  if (failures.length > 0) return { kind: 'enrichment_failures', event, messages: failures };

  const phase3: SchemaViolationMessage[] = [];
  const validationInfo = p.validationInfo.slice();
  let derived = event.derived_contexts;
  if (derived.length > 0) {
    const valid: SelfDescribingJson[] = [];
    for (const d of derived) {
      const data = (d as { data?: unknown } | null)?.data;
      const v = validateEntity(d, { data: isSharedEntityData(data) ? data : toPlain(data) }, phase3, validate);
      if (v === null) continue;
      valid.push(v.entity);
      if (v.validationInfo !== undefined) validationInfo.push(v.validationInfo);
    }
    derived = valid;
  }
  let contexts = event.contexts;
  if (p.jsChangedContexts) {
    const valid: SelfDescribingJson[] = [];
    for (const c of contexts) {
      const v = validateEntity(c, { data: toPlain((c as { data?: unknown } | null)?.data) }, phase3, validate);
      if (v !== null) valid.push(v.entity);
    }
    contexts = valid;
  }
  let unstruct = event.unstruct_event;
  if (p.jsChangedUnstruct && unstruct !== null) {
    const v = validateEntity(unstruct, { data: toPlain((unstruct as { data?: unknown }).data) }, phase3, validate);
    unstruct = v === null ? null : v.entity;
  }
  // Every validation answered: from here on nothing can throw SchemaNotCached.
  event.derived_contexts = derived;
  event.contexts = contexts;
  event.unstruct_event = unstruct;
  if (validationInfo.length > 0) {
    const seen = new Set<string>();
    for (const info of validationInfo) {
      const key = stringifyJson(info.data);
      if (seen.has(key)) continue;
      seen.add(key);
      event.derived_contexts.push(info);
    }
  }
  const overLong = overLongFields(event, ctx.limits);
  const lengthReports: AtomicDataReport[] = overLong.map((i) => ({
    message: `Field is longer than maximum allowed size ${ctx.limits[i]}`,
    path: FIELD_NAMES[i] as string,
    keyword: 'atomic_field_length_exceeded',
    targets: [],
  }));
  if (lengthReports.length > 0) phase3.push(atomicViolation(lengthReports));
  if (phase3.length > 0) return { kind: 'schema_violations', event, messages: phase3 };
  return { kind: 'good', event };
}
