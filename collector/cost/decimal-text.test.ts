import { describe, expect, it } from 'vitest';
import { formatScaled, toDecimalText } from './decimal-text.ts';

describe('toDecimalText', () => {
  it('keeps plain decimals exactly, without trailing zeros', () => {
    expect(toDecimalText('40.3527508453')).toBe('40.3527508453');
    expect(toDecimalText('9312771.098461578')).toBe('9312771.098461578');
    expect(toDecimalText('0.00000080000')).toBe('0.0000008');
    expect(toDecimalText('-0.0000000001')).toBe('-0.0000000001');
    expect(toDecimalText('12')).toBe('12');
    expect(toDecimalText('.5')).toBe('0.5');
    expect(toDecimalText('0')).toBe('0');
    expect(toDecimalText('-0')).toBe('0');
  });

  it('expands exponents without going through a float', () => {
    expect(toDecimalText('1.2E-7')).toBe('0.00000012');
    expect(toDecimalText('3e2')).toBe('300');
    expect(toDecimalText('123456789012345678901234567890e-20')).toBe('1234567890.123456789012');
  });

  it('rounds half away from zero beyond the scale', () => {
    expect(toDecimalText('0.12345678901249')).toBe('0.123456789012');
    expect(toDecimalText('0.1234567890125')).toBe('0.123456789013');
    expect(toDecimalText('-0.1234567890125')).toBe('-0.123456789013');
    expect(toDecimalText('2.5', 0)).toBe('3');
  });

  it('refuses what is not a number', () => {
    for (const t of ['', 'abc', '1.2.3', 'NaN', '1e', '0x10', '1,5', '.']) expect(toDecimalText(t)).toBeNull();
  });
});

describe('formatScaled', () => {
  it('formats scaled integers', () => {
    expect(formatScaled(1250000n, 6)).toBe('1.25');
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(0n, 12)).toBe('0');
    expect(formatScaled(300n, 2)).toBe('3');
  });
});
