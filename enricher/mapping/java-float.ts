/**
 * Java `Float.toString` (JDK 19+: the shortest decimal that round-trips the float32), spec/enrich.md §1.5 — used for
 * `geo_latitude`/`geo_longitude`. `String(Math.fround(x))` is wrong (`37.75099945…`).
 */
export function javaFloatToString(x: number): string {
  const f = Math.fround(x);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  let digits = '';
  let exp10 = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(f)) {
      const [mant, e] = s.split('e') as [string, string];
      digits = mant.replace('.', '');
      exp10 = Number(e);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  if (abs >= 1e-3 && abs < 1e7) {
    const pointPos = exp10 + 1; // digits before the decimal point
    let intPart: string;
    let fracPart: string;
    if (pointPos <= 0) {
      intPart = '0';
      fracPart = '0'.repeat(-pointPos) + digits;
    } else if (pointPos >= digits.length) {
      intPart = digits + '0'.repeat(pointPos - digits.length);
      fracPart = '0';
    } else {
      intPart = digits.slice(0, pointPos);
      fracPart = digits.slice(pointPos);
    }
    return `${sign}${intPart}.${fracPart}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}.0`;
  return `${sign}${mant}E${exp10}`;
}
