/** Tracker protocol v1: `GET /i`, `/ice.png` — every parameter from the querystring (spec/enrich.md §2.1). */
import { Adapter, failed, querystringParams, rawEvent } from './adapter';

// eslint-disable-next-line require-yield -- tp1 needs no Iglu lookup
export const tp1Adapter: Adapter = function* (input) {
  const params = querystringParams(input.querystring);
  if (input.querystring.length === 0) {
    // tp1 is not routed to the tracker-protocol branch: its failures are adapter_failures (§2.1, §8.6).
    return failed('adapter_failures', [
      { field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect' },
    ]);
  }
  return { ok: true, events: [rawEvent(input, params)] };
};
