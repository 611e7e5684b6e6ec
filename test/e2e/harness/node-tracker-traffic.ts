/**
 * Server-side traffic from `@snowplow/node-tracker`: the same three events (page view, structured event,
 * self-describing event with an entity) sent GET and POST, each with base64 encoding on and off. Returns every event
 * the tracker produced, with the event id it generated, so the test can find each one in S3.
 */
import {
  buildPageView,
  buildSelfDescribingEvent,
  buildStructEvent,
  newTracker,
  PayloadBuilder,
  SelfDescribingJson,
} from '@snowplow/node-tracker';

export interface NodeTrackerVariant {
  readonly method: 'get' | 'post';
  readonly encodeBase64: boolean;
}

export const NODE_TRACKER_VARIANTS: readonly NodeTrackerVariant[] = [
  { method: 'get', encodeBase64: true },
  { method: 'get', encodeBase64: false },
  { method: 'post', encodeBase64: true },
  { method: 'post', encodeBase64: false },
];

export type NodeEventKind = 'page_view' | 'struct' | 'self_describing';

export interface NodeTrackedEvent {
  readonly variant: NodeTrackerVariant;
  readonly kind: NodeEventKind;
  readonly eventId: string;
  /** Tracker namespace, unique per variant (`name_tracker` in the enriched event). */
  readonly namespace: string;
}

export interface NodeTrafficPlan {
  /** Collector origin, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  readonly appId: string;
  readonly userId: string;
  readonly pageUrl: string;
  readonly selfDescribingEvent: SelfDescribingJson;
  readonly entity: SelfDescribingJson;
}

export function namespaceOf(variant: NodeTrackerVariant): string {
  return `node-${variant.method}-${variant.encodeBase64 ? 'b64' : 'json'}`;
}

export async function sendNodeTrackerTraffic(plan: NodeTrafficPlan): Promise<NodeTrackedEvent[]> {
  const tracked: NodeTrackedEvent[] = [];
  const failures: string[] = [];
  for (const variant of NODE_TRACKER_VARIANTS) {
    const namespace = namespaceOf(variant);
    const tracker = newTracker(
      { namespace, appId: plan.appId, encodeBase64: variant.encodeBase64 },
      {
        endpoint: plan.endpoint,
        eventMethod: variant.method,
        bufferSize: 1,
        onRequestFailure: (failure) => failures.push(`${namespace}: ${JSON.stringify(failure).slice(0, 300)}`),
      },
    );
    tracker.setUserId(plan.userId);
    const send = (kind: NodeEventKind, builder: PayloadBuilder, context?: SelfDescribingJson[]) => {
      const payload = tracker.track(builder, context);
      const eventId = payload?.eid;
      if (typeof eventId !== 'string') throw new Error(`${namespace}: tracker produced no event id for ${kind}`);
      tracked.push({ variant, kind, eventId, namespace });
    };
    send('page_view', buildPageView({ pageUrl: plan.pageUrl, pageTitle: 'Order status', referrer: 'https://mail.example.org/' }));
    send('struct', buildStructEvent({ category: 'order', action: 'status-check', label: namespace, value: 3 }));
    send('self_describing', buildSelfDescribingEvent({ event: plan.selfDescribingEvent }), [plan.entity]);
    await tracker.flush();
  }
  if (failures.length > 0) throw new Error(`node tracker requests failed:\n${failures.join('\n')}`);
  return tracked;
}
