/**
 * The events Micro's REST API serves, in memory: good events (GoodEvent) and bad events (BadEvent), newest first
 * in answers. Bounded: past `maxEvents` of a kind, the oldest are forgotten (the output directory keeps them all).
 */
import type { EventJson } from './event-json';
import type { CollectorPayloadJson, RawEventJson } from './raw-json';

export interface GoodEvent {
  rawEvent: RawEventJson | null;
  eventType: string | null;
  schema: string | null;
  contexts: string[];
  event: EventJson;
}

export interface BadEvent {
  collectorPayload: CollectorPayloadJson | null;
  rawEvent: RawEventJson | null;
  errors: string[];
}

export interface GoodFilter {
  event_type?: string;
  schema?: string;
  contexts?: string[];
  limit?: number;
}

export interface BadFilter {
  vendor?: string;
  version?: string;
  limit?: number;
}

export interface MicroCounts {
  total: number;
  good: number;
  bad: number;
}

/** `iglu:` is optional in filters (Micro's documentation writes context filters without it). */
function bareUri(uri: string): string {
  return uri.startsWith('iglu:') ? uri.slice(5) : uri;
}

export class MicroStore {
  #good: GoodEvent[] = [];
  #bad: BadEvent[] = [];

  constructor(private readonly maxEvents = 100_000) {}

  addGood(e: GoodEvent): void {
    this.#good.push(e);
    if (this.#good.length > this.maxEvents) this.#good.splice(0, this.#good.length - this.maxEvents);
  }

  addBad(e: BadEvent): void {
    this.#bad.push(e);
    if (this.#bad.length > this.maxEvents) this.#bad.splice(0, this.#bad.length - this.maxEvents);
  }

  counts(): MicroCounts {
    return { total: this.#good.length + this.#bad.length, good: this.#good.length, bad: this.#bad.length };
  }

  reset(): MicroCounts {
    this.#good = [];
    this.#bad = [];
    return this.counts();
  }

  /**
   * Good events matching every given filter, newest first: `event_type` against the tracker's `e` code (pv, ue, …)
   * or the enriched event name (page_view, unstruct, …); `schema` against the event's schema (implies `ue`);
   * `contexts` all present; at most `limit`.
   */
  good(f: GoodFilter = {}): GoodEvent[] {
    const wanted = (f.contexts ?? []).map(bareUri);
    const out: GoodEvent[] = [];
    for (let i = this.#good.length - 1; i >= 0 && (f.limit === undefined || out.length < f.limit); i--) {
      const g = this.#good[i];
      const e = g.rawEvent?.parameters.e;
      if (f.event_type !== undefined && f.event_type !== e && f.event_type !== g.eventType) continue;
      if (f.schema !== undefined && (e !== 'ue' || g.schema === null || bareUri(g.schema) !== bareUri(f.schema))) continue;
      if (wanted.length > 0) {
        const has = new Set(g.contexts.map(bareUri));
        if (!wanted.every((c) => has.has(c))) continue;
      }
      out.push(g);
    }
    return out;
  }

  /** Bad events matching `vendor`/`version` of their payload's API, newest first, at most `limit`. */
  bad(f: BadFilter = {}): BadEvent[] {
    const out: BadEvent[] = [];
    for (let i = this.#bad.length - 1; i >= 0 && (f.limit === undefined || out.length < f.limit); i--) {
      const b = this.#bad[i];
      const api = b.collectorPayload?.api ?? b.rawEvent?.api ?? null;
      if (f.vendor !== undefined && api?.vendor !== f.vendor) continue;
      if (f.version !== undefined && api?.version !== f.version) continue;
      out.push(b);
    }
    return out;
  }
}
