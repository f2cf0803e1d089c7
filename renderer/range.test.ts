import { describe, expect, it } from 'vitest';
import { customRangeProblem, durationMs, rangeLabel, resolveRange } from './range.ts';

describe('time range', () => {
  it('reads durations', () => {
    expect(durationMs('24h')).toBe(86_400_000);
    expect(durationMs('7d')).toBe(7 * 86_400_000);
    expect(durationMs('4w')).toBe(28 * 86_400_000);
    expect(() => durationMs('7x')).toThrow(RangeError);
  });

  it('ends presets at the next full hour', () => {
    const now = Date.parse('2026-11-27T15:53:12Z');
    expect(resolveRange({ kind: 'preset', duration: '24h' }, now, 'Europe/Paris')).toEqual({
      from: '2026-11-26T16:00:00.000Z',
      to: '2026-11-27T16:00:00.000Z',
      tz: 'Europe/Paris',
    });
    expect(resolveRange({ kind: 'preset', duration: '7d' }, Date.parse('2026-11-27T15:00:00Z'), 'UTC').to).toBe('2026-11-27T15:00:00.000Z');
  });

  it('passes custom ranges through in the zone, and checks them', () => {
    expect(resolveRange({ kind: 'custom', from: '2026-11-01T00:00', to: '2026-11-08T00:00' }, 0, 'UTC')).toEqual({
      from: '2026-11-01T00:00',
      to: '2026-11-08T00:00',
      tz: 'UTC',
    });
    expect(customRangeProblem('2026-11-08T00:00', '2026-11-01T00:00')).toBe('the end must be after the start');
    expect(customRangeProblem('', '2026-11-01T00:00')).toBe('choose a start and an end');
    expect(customRangeProblem('2026-11-01T00:00', '2026-11-01T06:00')).toBeNull();
  });

  it('labels choices', () => {
    expect(rangeLabel({ kind: 'preset', duration: '30d' })).toBe('Last 30d');
    expect(rangeLabel({ kind: 'custom', from: '2026-11-01T00:00', to: '2026-11-08T00:00' })).toBe('2026-11-01 00:00 → 2026-11-08 00:00');
  });
});
