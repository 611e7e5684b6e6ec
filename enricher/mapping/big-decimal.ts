/**
 * Java `BigDecimal` text rules (spec/enrich.md §1.5): `new BigDecimal(text)` grammar, a negative scale rescaled to 0
 * (`1e3` → `1000`), then `BigDecimal.toString` (scientific notation when the adjusted exponent is below −6:
 * `0.0000001` → `1E-7`). Works on the digit string, so no precision is ever lost.
 */

const BIG_DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Beyond this many digits a rescaled value is refused (Java would allocate it; we protect the process). */
export const MAX_BIG_DECIMAL_DIGITS = 100_000;

export function formatBigDecimal(text: string): string | { error: string } {
  const m = BIG_DECIMAL_RE.exec(text);
  if (m === null) return { error: `Character array is missing "exponent" mark 'e' or 'E'.` };
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return { error: 'No digits found.' };
  const expText = m[4];
  let exponent = 0;
  if (expText !== undefined) {
    exponent = Number(expText);
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 2147483647) return { error: 'Exponent overflow.' };
  }
  let scale = fracPart.length - exponent;
  if (Math.abs(scale) > 2147483647) return { error: 'Scale out of range.' };
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  if (scale < 0) {
    // setScale(0): append zeros.
    if (digits.length - scale > MAX_BIG_DECIMAL_DIGITS) return { error: 'Too many digits.' };
    digits = digits === '0' ? '0' : digits + '0'.repeat(-scale);
    scale = 0;
  }
  const isZero = /^0+$/.test(digits);
  const signText = isZero ? '' : sign;
  if (scale === 0) return signText + digits;
  const adjusted = -scale + (digits.length - 1);
  if (adjusted >= -6) {
    if (digits.length > scale) {
      return `${signText}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    }
    if (scale - digits.length > MAX_BIG_DECIMAL_DIGITS) return { error: 'Too many digits.' };
    return `${signText}0.${'0'.repeat(scale - digits.length)}${digits}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${signText}${mantissa}E${adjusted}`;
}
