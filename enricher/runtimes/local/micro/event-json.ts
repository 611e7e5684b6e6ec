/**
 * One enriched TSV line → Snowplow's canonical Event JSON, the `event` member of Micro's GoodEvent: every one of
 * the 131 fields by name, typed (numbers, booleans for 0/1 fields, ISO-8601 timestamps, parsed JSON for contexts
 * and the self-describing event), null when empty; `contexts` and `derived_contexts` are `{}` when empty and
 * `unstruct_event` is null, as Micro shows them.
 */
import { ENRICHED_FIELDS, type EnrichedFieldType } from '../../../../common/enriched-fields';

export type EventJson = Record<string, unknown>;

const EMPTY_WHEN_ABSENT: Readonly<Record<string, unknown>> = { contexts: {}, derived_contexts: {}, unstruct_event: null };

function typed(type: EnrichedFieldType, text: string): unknown {
  switch (type) {
    case 'int':
    case 'decimal':
    case 'float': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'bool01':
      return text === '1' ? true : text === '0' ? false : text;
    case 'timestamp':
      return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

export function eventJson(tsv: string): EventJson {
  const values = tsv.split('\t');
  const out: EventJson = {};
  ENRICHED_FIELDS.forEach((f, i) => {
    const text = values[i] ?? '';
    out[f.name] = text === '' ? (f.name in EMPTY_WHEN_ABSENT ? EMPTY_WHEN_ABSENT[f.name] : null) : typed(f.type, text);
  });
  return out;
}

/** Schemas (`iglu:…`) of the event's contexts, in order. */
export function contextSchemas(event: EventJson): string[] {
  const data = (event.contexts as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.map((c) => (c as { schema?: unknown }).schema).filter((s): s is string => typeof s === 'string');
}

/** The event's own schema: `iglu:<event_vendor>/<event_name>/<event_format>/<event_version>`, or null. */
export function eventSchema(event: EventJson): string | null {
  const { event_vendor: v, event_name: n, event_format: f, event_version: ver } = event;
  return typeof v === 'string' && typeof n === 'string' && typeof f === 'string' && typeof ver === 'string' ? `iglu:${v}/${n}/${f}/${ver}` : null;
}
