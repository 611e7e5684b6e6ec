/** Size handling (spec/collector.md §5.1, Snowplow's SplitBatchSpec cases). */
import { COLLECTOR_PAYLOAD_SCHEMA, CollectorPayload, decodeCollectorPayload, encodeCollectorPayload } from '../../common/thrift';
import { collectorPayloadToString } from './payload-to-string';
import { payloadToRecords } from './split-payload';

const processor = { artifact: 'sleet-collector', version: '0.1.0' };
const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
const base: CollectorPayload = { schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '127.0.0.1', timestamp: NOW, encoding: 'UTF-8', collector: 'c', path: '/com.acme/v1', querystring: '', headers: [] };

function failureOf(row: unknown): Record<string, unknown> {
  return (row as { data: { failure: Record<string, unknown> } }).data.failure;
}

describe('payloadToRecords', () => {
  it('keeps a payload below the record limit as one record, byte for byte the plain Thrift serialisation', () => {
    const p = { ...base, body: '{}' };
    const r = payloadToRecords(p, { maxRecordBytes: 1000, maxPayloadBytes: 2000 }, NOW, processor);
    expect(r.bad).toEqual([]);
    expect(r.good).toEqual([encodeCollectorPayload(p)]);
  });

  it('turns an oversized GET into a size violation whose payload is the truncated Thrift text', () => {
    const p = { ...base, path: '/i', querystring: 'x'.repeat(1000) };
    const size = encodeCollectorPayload(p).length;
    const r = payloadToRecords(p, { maxRecordBytes: 100, maxPayloadBytes: 5000 }, NOW, processor);
    expect(r.good).toEqual([]);
    expect(r.bad).toEqual([
      {
        schema: 'iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0',
        data: {
          processor,
          failure: { timestamp: '2026-11-22T10:00:00Z', maximumAllowedSizeBytes: 100, actualSizeBytes: size, expectation: 'oversized collector payload: GET requests cannot be split' },
          payload: 'CollectorP',
        },
      },
    ]);
  });

  it('does not split payloads above maxPayloadBytes', () => {
    const p = { ...base, body: JSON.stringify({ schema: 's', data: ['x'.repeat(900)] }) };
    const size = encodeCollectorPayload(p).length;
    const r = payloadToRecords(p, { maxRecordBytes: 100, maxPayloadBytes: 1000 }, NOW, processor);
    expect(r.good).toEqual([]);
    expect(failureOf(r.bad[0])).toMatchObject({ maximumAllowedSizeBytes: 1000, actualSizeBytes: size, expectation: `oversized collector payload: Payload exceeds max size of 1000. Actual length: ${size}` });
  });

  it('explains why a POST cannot be split: not JSON, not self-describing, no data array, too big without data', () => {
    const limits = { maxRecordBytes: 300, maxPayloadBytes: 100_000 };
    const cases: Array<[string, RegExp]> = [
      ['x'.repeat(400), /^oversized collector payload: cannot split POST requests which are not json /],
      [JSON.stringify({ data: ['x'.repeat(400)] }), /^oversized collector payload: cannot split POST requests which are not self-describing/],
      [JSON.stringify({ schema: 's', data: 'x'.repeat(400) }), /^oversized collector payload: cannot split POST requests which do not contain a data array$/],
      [JSON.stringify({ schema: 's'.repeat(400), data: [1] }), /^oversized collector payload: cannot split this POST request because event without "data" field is still too big$/],
    ];
    for (const [body, expectation] of cases) {
      const r = payloadToRecords({ ...base, body }, limits, NOW, processor);
      expect(r.good).toEqual([]);
      expect(failureOf(r.bad[0]).expectation).toMatch(expectation);
      expect(String(failureOf(r.bad[0]).expectation).length).toBeLessThanOrEqual(256);
    }
  });

  it('splits 3 large + 4 very large events into 2 good records and 4 bad rows', () => {
    const large = Array.from({ length: 3 }, (_, i) => ({ e: 'pv', n: String(i), pad: 'l'.repeat(300) }));
    const veryLarge = Array.from({ length: 4 }, (_, i) => ({ e: 'pv', n: `v${i}`, pad: 'v'.repeat(2000) }));
    const body = JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [...large, ...veryLarge] });
    const r = payloadToRecords({ ...base, body }, { maxRecordBytes: 1000, maxPayloadBytes: 100_000 }, NOW, processor);
    expect(r.good).toHaveLength(2);
    expect(r.bad).toHaveLength(4);
    const events = r.good.flatMap((g) => {
      expect(g.length).toBeLessThan(1000);
      const decoded = decodeCollectorPayload(g);
      expect(decoded.path).toBe('/com.acme/v1');
      const parsed = JSON.parse(decoded.body!) as { schema: string; data: Array<{ n: string }> };
      expect(parsed.schema).toBe('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4');
      return parsed.data.map((e) => e.n);
    });
    expect(events).toEqual(['0', '1', '2']);
    for (const row of r.bad) expect(failureOf(row)).toMatchObject({ expectation: 'oversized collector payload: this POST request split is still too large', maximumAllowedSizeBytes: 1000 });
  });
});

describe('collectorPayloadToString', () => {
  it('renders like libthrift: declaration order, null for unset default fields, optional fields only when set', () => {
    expect(collectorPayloadToString({ schema: 's', ipAddress: '1.2.3.4', timestamp: 5, encoding: 'UTF-8', collector: 'c', path: '/i', headers: ['A: 1', 'b'], networkUserId: 'n' })).toBe(
      'CollectorPayload(schema:s, ipAddress:1.2.3.4, timestamp:5, encoding:UTF-8, collector:c, path:/i, headers:[A: 1, b], networkUserId:n)',
    );
  });
});
