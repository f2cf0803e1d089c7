import { describe, expect, it } from 'vitest';
import { formatAxis, formatParts, formatValue } from './format.ts';

describe('format', () => {
  it('formats counts, ratios and GPU-hours with their units', () => {
    expect(formatValue(72, 'count')).toBe('72');
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(0.4321, 'ratio')).toBe('43.2%');
    expect(formatValue(0, 'ratio')).toBe('0.0%');
    expect(formatValue(12345.678, 'gpu_hours')).toBe('12,346 GPU·h');
    expect(formatValue(42.25, 'gpu_hours')).toBe('42.3 GPU·h');
    expect(formatValue(0.0833, 'gpu_hours')).toBe('0.08 GPU·h');
    expect(formatValue(0, 'gpu_hours')).toBe('0 GPU·h');
    expect(formatValue(2_500_000, 'gpu_hours')).toBe('2.5M GPU·h');
  });

  it('shows missing values as a dash, never as 0', () => {
    expect(formatValue(null, 'ratio')).toBe('—');
    expect(formatValue('n/a', 'count')).toBe('—');
    expect(formatParts(Number.NaN, 'gpu_hours')).toEqual({ value: '—', unit: '' });
  });

  it('splits value and unit for stat tiles', () => {
    expect(formatParts(1343.7, 'gpu_hours')).toEqual({ value: '1,344', unit: 'GPU·h' });
    expect(formatParts(0.5, 'ratio')).toEqual({ value: '50.0', unit: '%' });
  });

  it('keeps axis labels short', () => {
    expect(formatAxis(0.4, 'ratio')).toBe('40%');
    expect(formatAxis(1200, 'gpu_hours')).toBe('1.2K');
    expect(formatAxis(800, 'count')).toBe('800');
  });
});
