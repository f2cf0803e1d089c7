/**
 * Number tokens of the exposition formats. Tokens are validated against the grammar first and only then
 * converted, because `Number()` alone accepts `0x1`, `0b1`, ` 1 ` and `''` and `parseFloat` stops at junk.
 *
 *   real    = [+-] ( 1*DIGIT [ "." *DIGIT ] / "." 1*DIGIT ) [ ("e"/"E") [+-] 1*DIGIT ]
 *   value   = real / [+-] ("inf" / "infinity") / "nan"      (keywords case-insensitive, as in Go and OpenMetrics)
 *   integer = [+-] 1*DIGIT
 */

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

// Literals, not 10 ** i: every power up to 1e22 is exactly representable, so m * 10^e or m / 10^e with an
// exact mantissa is a single correctly rounded operation (the classic strtod fast path).
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Up to 15 significant digits the mantissa is an exact integer below 2^53. */
const MAX_FAST_DIGITS = 15;
/** Exponents beyond this are infinity or zero anyway; capping keeps the fallback string short. */
const EXPONENT_CAP = 100_000;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

function scaled(mantissa: number, exponent: number, negative: boolean): number | undefined {
  if (mantissa === 0) return negative ? -0 : 0;
  const power = POW10[exponent < 0 ? -exponent : exponent];
  if (power === undefined) return undefined;
  const magnitude = exponent < 0 ? mantissa / power : mantissa * power;
  return negative ? -magnitude : magnitude;
}

/**
 * Parses a `real` in s[start, end) and multiplies it by 10^shift exactly (shift 3 turns OpenMetrics
 * seconds into milliseconds without a rounding step). Returns undefined when the token is not a `real`.
 */
export function parseReal(s: string, start: number, end: number, shift = 0): number | undefined {
  let i = start;
  let c = i < end ? s.charCodeAt(i) : -1;
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) c = ++i < end ? s.charCodeAt(i) : -1;

  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  while (isDigit(c)) {
    digits++;
    if (mantissa !== 0 || c !== DIGIT_0) {
      significant++;
      mantissa = mantissa * 10 + (c - DIGIT_0);
    }
    c = ++i < end ? s.charCodeAt(i) : -1;
  }
  if (c === DOT) {
    c = ++i < end ? s.charCodeAt(i) : -1;
    while (isDigit(c)) {
      digits++;
      exponent--;
      if (mantissa !== 0 || c !== DIGIT_0) {
        significant++;
        mantissa = mantissa * 10 + (c - DIGIT_0);
      }
      c = ++i < end ? s.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return undefined;

  const mantissaEnd = i;
  let written = 0;
  if (c === 101 || c === 69) {
    c = ++i < end ? s.charCodeAt(i) : -1;
    const negativeExponent = c === MINUS;
    if (c === PLUS || c === MINUS) c = ++i < end ? s.charCodeAt(i) : -1;
    if (!isDigit(c)) return undefined;
    while (isDigit(c)) {
      if (written < EXPONENT_CAP) written = written * 10 + (c - DIGIT_0);
      c = ++i < end ? s.charCodeAt(i) : -1;
    }
    if (negativeExponent) written = -written;
  }
  if (i !== end) return undefined;

  if (significant <= MAX_FAST_DIGITS) {
    const fast = scaled(mantissa, exponent + written + shift, negative);
    if (fast !== undefined) return fast;
  }
  // Rare: long mantissas or large exponents. The token is valid, so Number() reads it exactly as written.
  const totalExponent = written + shift;
  return Number(totalExponent === 0 ? s.slice(start, mantissaEnd) : `${s.slice(start, mantissaEnd)}e${totalExponent}`);
}

/** True when s[start, end) equals `word` ignoring ASCII case (`word` is lower case). */
function isKeyword(s: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Parses a sample `value`: a `real`, `±Inf`/`±Infinity` or `NaN`. Undefined when invalid. */
export function parseValue(s: string, start: number, end: number): number | undefined {
  let i = start;
  let c = i < end ? s.charCodeAt(i) : -1;
  const signed = c === PLUS || c === MINUS;
  if (signed) c = ++i < end ? s.charCodeAt(i) : -1;
  if (isDigit(c) || c === DOT) return parseReal(s, start, end);
  if (isKeyword(s, i, end, 'inf') || isKeyword(s, i, end, 'infinity')) {
    return s.charCodeAt(start) === MINUS ? -Infinity : Infinity;
  }
  if (!signed && isKeyword(s, i, end, 'nan')) return NaN;
  return undefined;
}

/** Parses an `integer` (text 0.0.4 millisecond timestamps). Undefined when invalid. */
export function parseInteger(s: string, start: number, end: number): number | undefined {
  let i = start;
  let c = i < end ? s.charCodeAt(i) : -1;
  if (c === PLUS || c === MINUS) i++;
  if (i === end) return undefined;
  for (let k = i; k < end; k++) {
    if (!isDigit(s.charCodeAt(k))) return undefined;
  }
  c = s.charCodeAt(start);
  if (end - i <= MAX_FAST_DIGITS) {
    let n = 0;
    for (let k = i; k < end; k++) n = n * 10 + (s.charCodeAt(k) - DIGIT_0);
    return c === MINUS ? -n : n;
  }
  return Number(s.slice(start, end));
}
