import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ownCopy } from './own-string';
import { LruCache } from './lru-cache';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** Heap (MB) still held after keeping `keep(view)` for 20 views (the last 40 characters) into 2 MB strings. */
function heldMb(keep: (view: string) => void, char = 'x'): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20; i++) keep(`${char.repeat(2 * 2 ** 20)}${i}`.slice(-40));
  gc();
  return (process.memoryUsage().heapUsed - before) / 2 ** 20;
}

/**
 * The least of three heldMb measurements: heap figures after a forced GC still move by a few MB when other work
 * shares the process (jest's own allocations), and only an upper bound is asserted with it.
 */
function leastHeldMb(keep: (view: string) => void, char = 'x'): number {
  return Math.min(heldMb(keep, char), heldMb(keep, char), heldMb(keep, char));
}

/** The text of the i-th view of heldMb. */
const viewText = (i: number, char: string) => `${char.repeat(40 - String(i).length)}${i}`;

describe('ownCopy', () => {
  it('is equal to the text', () => {
    for (const s of ['', 'a', 'short', 'x'.repeat(40), 'é ünïcode \u{1F600}']) expect(ownCopy(s)).toBe(s);
  });

  it('does not keep the string it was cut from alive (a plain view does)', () => {
    const views: string[] = [];
    expect(heldMb((s) => views.push(s))).toBeGreaterThan(30);
    const copies: string[] = [];
    expect(leastHeldMb((s) => copies.push(ownCopy(s)))).toBeLessThan(10);
    expect(copies.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => viewText(i, 'x')));
  });

  it('LruCache keys are own copies: set, addMissing, and the promotion of an old entry', () => {
    const a = new LruCache<string, number>(100);
    expect(leastHeldMb((s) => a.set(s, 1))).toBeLessThan(10);
    const b = new LruCache<string, number>(100);
    expect(leastHeldMb((s) => (b.get(s) === undefined ? b.addMissing(s, 1) : undefined))).toBeLessThan(10);
    expect([a.size, b.size]).toEqual([20, 20]);
    const c = new LruCache<string, number>(40);
    for (let i = 0; i < 20; i++) c.set(viewText(i, 'y'), i);
    c.set('next generation', -1); // the 20 entries above are now the old generation
    expect(leastHeldMb((s) => c.get(s), 'y')).toBeLessThan(10);
    expect(c.get(viewText(7, 'y'))).toBe(7);
  });
});
