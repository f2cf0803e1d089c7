/**
 * Money as text: amounts from APIs and files stay decimal strings end to end (never a JS number). Pure, BigInt
 * arithmetic only.
 */

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Normalizes a decimal text ("12.50", "-0.0000000001", "1.2E-7") to a plain decimal string with at most `scale`
 * decimals, rounding half away from zero beyond that. Returns null when the text is not a number.
 */
export function toDecimalText(text: string, scale = 12): string | null {
  const match = PLAIN.exec(text.trim());
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return null;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return null;
  // digits × 10^(exponent − fraction length), rescaled to `scale` decimals.
  let digits = BigInt(`${whole}${fraction}` || '0');
  const shift = exponent - fraction.length + scale;
  if (shift >= 0) {
    digits *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const rest = digits % divisor;
    digits /= divisor;
    if (rest * 2n >= divisor) digits += 1n;
  }
  return formatScaled(sign === '-' ? -digits : digits, scale);
}

/** An integer scaled by 10^scale as decimal text without trailing zeros ("1250000", 6 → "1.25"). */
export function formatScaled(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const text = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && body !== '0' ? `-${body}` : body;
}
