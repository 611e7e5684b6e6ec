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

  it('addMissing after a missed get behaves as set', () => {
    const viaAdd = new LruCache<number, number>(6);
    const viaSet = new LruCache<number, number>(6);
    for (let i = 0; i < 1_000; i++) {
      const key = (i * 7) % 13;
      const [a, b] = [viaAdd.get(key), viaSet.get(key)];
      expect(a).toBe(b);
      if (a === undefined) viaAdd.addMissing(key, i);
      if (b === undefined) viaSet.set(key, i);
      expect(viaAdd.size).toBe(viaSet.size);
    }
  });

  it('rejects a capacity below 2', () => {
    expect(() => new LruCache(1)).toThrow(RangeError);
  });
});
