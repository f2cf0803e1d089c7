/**
 * Parses a decimal string ("12.3400000001", "-0.5", "1e-3" is refused) to an integer scaled by 10^scale,
 * without going through a JS number: money must not lose cents to binary floating point.
 * Returns null when the text is not a plain decimal or has more than `scale` decimals (beyond zeros).
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) return null;
  const digits = `${whole || '0'}${fraction.padEnd(scale, '0').slice(0, scale)}`;
  const magnitude = BigInt(digits);
  return sign === '-' ? -magnitude : magnitude;
}
