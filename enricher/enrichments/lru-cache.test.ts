import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('keeps entries used within the last maxEntries / 2 insertions', () => {
    const c = new LruCache<string, number>(4);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3); // generation switch: a, b are old
    expect(c.get('a')).toBe(1); // promoted
    c.set('d', 4); // switch: c, a old; b dropped
    c.set('e', 5);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('e')).toBe(5);
  });

  it('never holds more than maxEntries entries', () => {
    const c = new LruCache<number, number>(100);
    for (let i = 0; i < 10_000; i++) {
      c.set(i, i);
      c.get(i >> 1);
      expect(c.size).toBeLessThanOrEqual(100);
    }
  });

  it('overwrites a value', () => {
    const c = new LruCache<string, number>(4);
    c.set('a', 1);
    c.set('a', 2);
    expect(c.get('a')).toBe(2);
    c.set('b', 1);
    c.set('c', 1); // a is now old
    c.set('a', 3);
    expect(c.get('a')).toBe(3);
    c.clear();
    expect(c.get('a')).toBeUndefined();
  });

  it('rejects a capacity below 2', () => {
    expect(() => new LruCache(1)).toThrow(RangeError);
  });
});
