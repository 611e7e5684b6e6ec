import { javaFloatToString } from './java-float';

// Expected values printed by Java 25 `Float.toString((float) x)` (spec/enrich.md §1.5).
const CASES: Array<[number, string]> = [
  [51.5142, '51.5142'],
  [-0.0931, '-0.0931'],
  [43.88, '43.88'],
  [125.3228, '125.3228'],
  [-122.3149, '-122.3149'],
  [53.3331, '53.3331'],
  [37.751, '37.751'],
  [-97.822, '-97.822'],
  [51, '51.0'],
  [0, '0.0'],
  [-0, '-0.0'],
  [0.001, '0.001'],
  [0.0001, '1.0E-4'],
  [1e7, '1.0E7'],
  [9999999, '9999999.0'],
  [1e-45, '1.4E-45'],
  [3.4e38, '3.4E38'],
  [0.5, '0.5'],
  [16777216, '1.6777216E7'],
  [1e10, '1.0E10'],
  // Ties between two shortest candidates go to the even digit in Java (JS rounds them up).
  [359427.125, '359427.12'],
  [2988077.25, '2988077.2'],
  [32009.3125, '32009.312'],
  [NaN, 'NaN'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
];

describe('javaFloatToString', () => {
  it.each(CASES)('%p → %s', (input, expected) => {
    expect(javaFloatToString(input)).toBe(expected);
  });

  it('never prints the float32 noise JS would show', () => {
    expect(String(Math.fround(37.751))).not.toBe('37.751');
    expect(javaFloatToString(37.751)).toBe('37.751');
  });

  it('prints the fewest digits that read back as the same float32, for 20,000 random floats', () => {
    const view = new DataView(new ArrayBuffer(4));
    let seed = 99;
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      view.setUint32(0, seed & 0x7fffffff);
      const f = view.getFloat32(0);
      if (!Number.isFinite(f) || f === 0) continue;
      const text = javaFloatToString(f);
      if (Math.fround(Number(text)) !== f) wrong.push(`${f} → ${text}: reads back differently`);
      const digits = text.replace(/E.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
      // Java keeps two digits where one would do (see above); otherwise no shorter text reads back.
      for (let p = 2; p < digits; p++) if (Math.fround(Number(f.toPrecision(p))) === f) wrong.push(`${f} → ${text}: ${p} digits suffice`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
