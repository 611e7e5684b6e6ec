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

/** `abs` to `precision` significant digits (JS rounding), or null when that text does not read back as `abs`. */
function roundTripText(abs: number, precision: number): string | null {
  const text = abs.toExponential(precision - 1);
  return Math.fround(Number(text)) === abs ? text : null;
}

/** Significant digits (no trailing zeros) and the decimal exponent of the first digit (x = d.ddd × 10^exponent). */
function shortestDigits(abs: number): { digits: string; exponent: number } {
  // The fewest digits that read back as the float, by bisection over 1–9 (float32 always round-trips with 9). Reading
  // back is monotonic in the precision: the p-digit text, padded with a zero, is a (p+1)-digit candidate, so the
  // correctly rounded (p+1)-digit text is at least as close to `abs`.
  let low = 1;
  let high = 9;
  let text = roundTripText(abs, 9);
  while (low < high) {
    const mid = (low + high) >> 1;
    const candidate = roundTripText(abs, mid);
    if (candidate === null) low = mid + 1;
    else {
      high = mid;
      text = candidate;
    }
  }
  if (text === null) {
    // Unreachable for float32 (9 significant digits always round-trip).
    const [mantissa, exp] = abs.toExponential(8).split('e');
    return { digits: mantissa.replace('.', '').replace(/0+$/, ''), exponent: Number(exp) };
  }
  // Java never prints a single significant digit when two digits get closer to the float's exact value.
  const chosen = low === 1 ? abs.toExponential(1) : text;
  const e = chosen.indexOf('e');
  let digits = chosen.charCodeAt(1) === 0x2e ? chosen[0] + chosen.slice(2, e) : chosen.slice(0, e);
  let exponent = Number(chosen.slice(e + 1));
  // JS breaks a tie between two candidates upwards, Java towards the even digit.
  if (Number(digits[digits.length - 1]) % 2 === 1 && isTieBelow(abs, digits, exponent - digits.length + 1)) {
    const lower = (BigInt(digits) - 1n).toString();
    if (lower.length < digits.length) exponent -= 1;
    digits = lower;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 0x30) end--;
  return { digits: digits.charCodeAt(0) === 0x30 && end === 1 ? '0' : digits.slice(0, end), exponent };
}

/** True when the float32 `abs` lies exactly halfway between (n - 1) × 10^k and n × 10^k (`n`: decimal digits). */
function isTieBelow(abs: number, nDigits: string, k: number): boolean {
  // Cheap necessary condition first: an exact midpoint is also what correctly rounded double arithmetic computes
  // (n has at most 9 digits, so 2n − 1 and 10^|k| ≤ 10^22 are exact doubles), so a different double means no tie.
  if (Math.abs(k) <= 22) {
    const twice = 2 * Number(nDigits) - 1;
    const midpoint = k >= 0 ? (twice * 10 ** k) / 2 : twice / (2 * 10 ** -k);
    if (midpoint !== abs) return false;
  }
  const n = BigInt(nDigits);
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
