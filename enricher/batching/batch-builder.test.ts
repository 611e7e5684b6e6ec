import type { EnrichResult } from '../api';
import { BatchBuilder } from './batch-builder';
import { toEnrichedRecord } from './enriched-record';

const H10 = Date.UTC(2024, 4, 1, 10, 30);
const H11 = Date.UTC(2024, 4, 1, 11, 5);
const ETL = Date.UTC(2024, 4, 1, 12);

function result(ts: number, ids: string[], bad: string[] = []): EnrichResult {
  return {
    good: ids.map((id) => ({ tsv: `line-${id}`, eventId: id, collectorTimestamp: ts })),
    bad: bad.map((b) => ({ json: `{"bad":"${b}"}`, schema: 'iglu:x/y/jsonschema/1-0-0', partitionTimestamp: ts })),
    dropped: 0,
  };
}

function rec(seq: number, ts: number, ids: string[], bad: string[] = [], etl = ETL) {
  return toEnrichedRecord(String(seq), { arrivalTimestamp: ts + 1000, etlTimestamp: etl }, result(ts, ids, bad));
}

describe('BatchBuilder', () => {
  const opts = { prefix: 'out', stream: 'raw', shardId: 'shardId-000000000000' };

  it('groups lines by kind and hour, keyed by the first contributing record', () => {
    const b = new BatchBuilder(opts);
    b.add(rec(100, H10, ['a', 'b']), 1);
    b.add(rec(101, H10, [], ['x']), 2);
    b.add(rec(102, H10, ['c'], ['y']), 3);
    const s = b.seal();
    expect(s).toMatchObject({ firstSequenceNumber: '100', lastSequenceNumber: '102', records: 3, good: 3, bad: 2, etlTimestamp: ETL, openedAt: 1 });
    expect(s.objects.map((o) => [o.key, o.lines])).toEqual([
      ['out/good/dt=2024-05-01/hr=10/raw-shardId-000000000000-100.tsv.gz', ['line-a', 'line-b', 'line-c']],
      ['out/bad/dt=2024-05-01/hr=10/raw-shardId-000000000000-101.jsonl.gz', ['{"bad":"x"}', '{"bad":"y"}']],
    ]);
    expect(b.isEmpty).toBe(true);
  });

  it('asks for a cut where the events\' hour changes or the etl_tstamp differs, not for records without events', () => {
    const b = new BatchBuilder(opts);
    expect(b.needsCutBefore(rec(1, H11, ['a']))).toBe(false);
    b.add(rec(1, H10, ['a']), 0);
    expect(b.needsCutBefore(rec(2, H10, ['b']))).toBe(false);
    expect(b.needsCutBefore(rec(2, H11, ['b']))).toBe(true);
    expect(b.needsCutBefore(rec(2, H11, []))).toBe(false);
    expect(b.needsCutBefore(rec(2, H11, [], ['bad-only']))).toBe(false);
    expect(b.needsCutBefore(rec(2, H10, ['b'], [], ETL + 1))).toBe(true);
  });

  it('keeps bad rows of another hour in the open batch, in their own object', () => {
    const b = new BatchBuilder(opts);
    b.add(rec(1, H10, ['a']), 0);
    const badOnly = rec(2, H11, [], ['x']);
    expect(b.needsCutBefore(badOnly)).toBe(false);
    b.add(badOnly, 0);
    b.add(rec(3, H10, ['b']), 0);
    expect(b.seal().objects.map((o) => [o.key, o.lines.length])).toEqual([
      ['out/good/dt=2024-05-01/hr=10/raw-shardId-000000000000-1.tsv.gz', 2],
      ['out/bad/dt=2024-05-01/hr=11/raw-shardId-000000000000-2.jsonl.gz', 1],
    ]);
  });

  it('gives the same keys and lines for the same records, whatever happened before', () => {
    const records = [rec(5, H10, ['a']), rec(6, H10, [], ['z']), rec(7, H10, ['b'])];
    const run = () => {
      const b = new BatchBuilder(opts);
      records.forEach((r, i) => b.add(r, i));
      return b.seal().objects;
    };
    const warm = new BatchBuilder(opts);
    warm.add(rec(1, H11, ['q']), 0);
    warm.seal();
    expect(run()).toEqual(run());
  });

  it('puts a line whose own timestamp is unusable into the arrival hour', () => {
    const b = new BatchBuilder(opts);
    b.add(toEnrichedRecord('9', { arrivalTimestamp: H11, etlTimestamp: ETL }, result(NaN, ['a'])), 0);
    expect(b.seal().objects[0].partition).toBe('dt=2024-05-01/hr=11');
  });

  it('rejects out-of-order records and sealing an empty batch', () => {
    const b = new BatchBuilder(opts);
    expect(() => b.seal()).toThrow(/empty/);
    b.add(rec(10, H10, ['a']), 0);
    expect(() => b.add(rec(10, H10, ['b']), 0)).toThrow(/does not follow/);
    expect(() => b.add(rec(9, H10, ['b']), 0)).toThrow(/does not follow/);
  });

  it('compares sequence numbers as integers, not strings', () => {
    const b = new BatchBuilder(opts);
    b.add(rec(99, H10, ['a']), 0);
    expect(() => b.add(rec(100, H10, ['b']), 0)).not.toThrow();
  });
});
