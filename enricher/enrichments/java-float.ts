/**
 * Java's `Float.toString` (JDK 19+ semantics, Raffaello Giulietti's shortest-decimal algorithm) for a JS number
 * first narrowed to float32, as Snowplow writes `geo_latitude` / `geo_longitude` (spec/enrich.md §1.5):
 * the shortest decimal that rounds back to the same float32 (if that has one digit, the closest two-digit decimal),
 * in plain notation with at least one fractional digit when 1e-3 <= |x| < 1e7, else `d.dddE±n`.
 */
export function javaFloatToString(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  const { digits, exponent } = shortestDigits(abs);
  return sign + layout(digits, exponent, abs);
}

/** Significant digits (no trailing zeros) and the decimal exponent of the first digit (x = d.ddd × 10^exponent). */
function shortestDigits(abs: number): { digits: string; exponent: number } {
  for (let precision = 1; precision <= 9; precision++) {
    const text = abs.toExponential(precision - 1);
    if (Math.fround(Number(text)) !== abs) continue;
    // Java never prints a single significant digit when two digits get closer to the float's exact value.
    const chosen = precision === 1 ? abs.toExponential(1) : text;
    const [mantissa, exp] = chosen.split('e');
    let digits = mantissa.replace('.', '');
    let exponent = Number(exp);
    // JS breaks a tie between two candidates upwards, Java towards the even digit.
    if (Number(digits[digits.length - 1]) % 2 === 1 && isTieBelow(abs, BigInt(digits), exponent - digits.length + 1)) {
      const lower = (BigInt(digits) - 1n).toString();
      if (lower.length < digits.length) exponent -= 1;
      digits = lower;
    }
    return { digits: digits.replace(/0+$/, '') || '0', exponent };
  }
  // Unreachable for float32 (9 significant digits always round-trip).
  const [mantissa, exp] = abs.toExponential(8).split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, ''), exponent: Number(exp) };
}

/** True when the float32 `abs` lies exactly halfway between (n - 1) × 10^k and n × 10^k. */
function isTieBelow(abs: number, n: bigint, k: number): boolean {
  // Cheap necessary condition first: an exact midpoint is also what correctly rounded double arithmetic computes
  // (2n − 1 and 10^|k| ≤ 10^22 are exact doubles), so a different double means no tie.
  if (Math.abs(k) <= 22) {
    const twice = Number(2n * n - 1n);
    const midpoint = k >= 0 ? (twice * 10 ** k) / 2 : twice / (2 * 10 ** -k);
    if (midpoint !== abs) return false;
  }
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, abs);
  const bits = view.getUint32(0);
  const biased = (bits >>> 23) & 0xff;
  const mant = BigInt(biased === 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000);
  const e2 = (biased === 0 ? -149 : biased - 150) + 1; // 2 × abs = mant × 2^e2
  let left = mant;
  let right = 2n * n - 1n;
  if (e2 >= 0) left <<= BigInt(e2);
  else right <<= BigInt(-e2);
  if (k >= 0) right *= 10n ** BigInt(k);
  else left *= 10n ** BigInt(-k);
  return left === right;
}

function layout(digits: string, exponent: number, abs: number): string {
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const frac = digits.slice(exponent + 1);
      return `${intPart}.${frac === '' ? '0' : frac}`;
    }
    return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${digits[0]}.${frac === '' ? '0' : frac}E${exponent}`;
}
