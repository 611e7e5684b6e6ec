import { hourPartition, hourPartitionOr } from './hour-partition';

describe('hourPartition', () => {
  it('formats the UTC hour of an epoch-ms instant', () => {
    expect(hourPartition(Date.UTC(2024, 4, 1, 10, 59, 59, 999))).toBe('dt=2024-05-01/hr=10');
    expect(hourPartition(Date.UTC(2024, 4, 1, 11, 0, 0, 0))).toBe('dt=2024-05-01/hr=11');
    expect(hourPartition(0)).toBe('dt=1970-01-01/hr=00');
    expect(hourPartition(253_402_300_799_999)).toBe('dt=9999-12-31/hr=23');
  });

  it('rejects instants that make no four-digit-year partition', () => {
    for (const bad of [NaN, Infinity, -1, 253_402_300_800_000, 8.64e15 + 1, -8.64e15 - 1]) {
      expect(hourPartition(bad)).toBeUndefined();
    }
  });

  it('falls back to the arrival time, then to the epoch', () => {
    expect(hourPartitionOr(NaN, Date.UTC(2024, 0, 2, 3))).toBe('dt=2024-01-02/hr=03');
    expect(hourPartitionOr(-5, NaN)).toBe('dt=1970-01-01/hr=00');
  });
});
