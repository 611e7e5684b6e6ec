import { formatBigDecimal } from './big-decimal';
import { javaFloatToString } from './java-float';
import { ParseFailure, toBigDecimal, toJavaInt, toWxH } from './conversions';

describe('BigDecimal text (§1.5)', () => {
  it.each([
    ['1.50', '1.50'],
    ['1e3', '1000'],
    ['1.5E+3', '1500'],
    ['1.55e1', '15.5'],
    ['0.0000001', '1E-7'],
    ['0.00000010', '1.0E-7'],
    ['0.000001', '0.000001'],
    ['-0.0', '0.0'],
    ['0e-10', '0E-10'],
    ['-12.345e-10', '-1.2345E-9'],
    ['007.5', '7.5'],
    ['+3.10', '3.10'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['12345678901234567890.123', '12345678901234567890.123'],
  ])('%s → %s', (input, out) => expect(formatBigDecimal(input)).toBe(out));

  it.each(['', 'abc', '1e', '--1', '1.2.3', '0x10', 'NaN', '1e99999999999', '1e100000000'])('rejects %j', (input) => {
    expect(typeof formatBigDecimal(input)).toBe('object');
  });

  it('null text is null; failures carry Enrich’s message prefix', () => {
    expect(toBigDecimal('NULL')).toBeNull();
    expect((toBigDecimal('x') as ParseFailure).message).toMatch(/^Cannot be converted to java.math.BigDecimal. Error : /);
  });
});

describe('Java int text', () => {
  it.each([
    ['0042', '42'],
    ['+7', '7'],
    ['-0', '0'],
    ['2147483647', '2147483647'],
    ['-2147483648', '-2147483648'],
  ])('%s → %s', (i, o) => expect(toJavaInt(i)).toBe(o));
  it.each(['', '2147483648', '1.0', ' 1', '1e3', '０'])('rejects %j', (i) => expect(toJavaInt(i)).toBeInstanceOf(ParseFailure));
  it('WxH needs the whole value and 32-bit parts', () => {
    expect(toWxH('1920x1080')).toEqual(['1920', '1080']);
    expect(toWxH('1920X1080')).toBeInstanceOf(ParseFailure);
    expect(toWxH('1x99999999999')).toBeInstanceOf(ParseFailure);
  });
});

describe('Java Float.toString (§1.5)', () => {
  it.each([
    [37.751, '37.751'],
    [51, '51.0'],
    [0, '0.0'],
    [-0.1, '-0.1'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1e7, '1.0E7'],
    [9999999, '9999999.0'],
    [123456789, '1.2345679E8'],
    [-33.8688, '-33.8688'],
  ])('%s → %s', (x, s) => expect(javaFloatToString(x)).toBe(s));
});

describe('int and WxH conversions agree with their regex definitions (§2.5)', () => {
  // The definitions: Java toInt over /^[+-]?\d+$/ within 32 bits; WxH = /^(\d+)x(\d+)$/ with two such ints.
  const reference = (v: string): string | null | 'fail' => {
    if (v.length === 4 && v.toLowerCase() === 'null') return null;
    if (!/^[+-]?\d+$/.test(v)) return 'fail';
    const n = Number(v);
    return n >= -2147483648 && n <= 2147483647 ? String(n === 0 ? 0 : n) : 'fail';
  };
  const referenceWxH = (v: string): string => {
    const m = /^(\d+)x(\d+)$/.exec(v);
    if (m === null) return 'regex';
    const w = reference(m[1] as string);
    const h = reference(m[2] as string);
    return w === 'fail' || w === null || h === 'fail' || h === null ? 'int' : `${w}|${h}`;
  };
  const show = (r: string | null | ParseFailure): string | null => (r instanceof ParseFailure ? 'fail' : r);
  const showWxH = (r: [string, string] | ParseFailure): string =>
    r instanceof ParseFailure ? (r.message.startsWith('Does not') ? 'regex' : 'int') : r.join('|');

  it('on generated inputs', () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const alphabet = '0123456789x+- aX٣';
    for (let i = 0; i < 20_000; i++) {
      let v = '';
      const len = rand(14);
      for (let k = 0; k < len; k++) v += alphabet[rand(i % 3 === 0 ? alphabet.length : 11)];
      expect([v, show(toJavaInt(v))]).toEqual([v, reference(v)]);
      expect([v, showWxH(toWxH(v))]).toEqual([v, referenceWxH(v)]);
    }
    for (const v of ['0', '00', '-0', '+0', '2147483647', '2147483648', '-2147483648', '999999999', '0999999999', 'null', 'NuLl', '1x1', '0x0', '01x02', 'x1', '1x', '1xx1', '1x1x1', '3000000000x1']) {
      expect([v, show(toJavaInt(v))]).toEqual([v, reference(v)]);
      expect([v, showWxH(toWxH(v))]).toEqual([v, referenceWxH(v)]);
    }
  });
});
