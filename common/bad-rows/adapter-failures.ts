import { BAD_ROW_SCHEMAS, badRow, BadRow, instantText, Processor } from './envelope';

/**
 * `adapter_failures` and `tracker_protocol_violations` (spec/enrich.md §3.3): same shape, `{timestamp, vendor,
 * version, messages}` and the collector payload (`Payload.CollectorPayload`).
 */
export function adapterFailures(opts: {
  processor: Processor;
  now: number;
  vendor: string;
  version: string;
  messages: readonly unknown[];
  payload: unknown;
  trackerProtocol?: boolean;
}): BadRow {
  return badRow(
    opts.trackerProtocol === true ? BAD_ROW_SCHEMAS.trackerProtocolViolations : BAD_ROW_SCHEMAS.adapterFailures,
    opts.processor,
    { timestamp: instantText(opts.now), vendor: opts.vendor, version: opts.version, messages: opts.messages },
    opts.payload,
  );
}

export function trackerProtocolViolations(opts: Omit<Parameters<typeof adapterFailures>[0], 'trackerProtocol'>): BadRow {
  return adapterFailures({ ...opts, trackerProtocol: true });
}
