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
});
