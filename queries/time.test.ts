import { describe, expect, it } from 'vitest';
import { isValidTimeZone, parseInstant, startOfDay } from './time.ts';

describe('parseInstant', () => {
  it('reads dates and local timestamps in the given zone, and honours explicit offsets', () => {
    expect(parseInstant('2026-10-01')).toBe(Date.UTC(2026, 9, 1));
    expect(parseInstant('2026-10-01', 'Europe/Paris')).toBe(Date.UTC(2026, 8, 30, 22));
    expect(parseInstant('2026-01-15T08:30', 'America/New_York')).toBe(Date.UTC(2026, 0, 15, 13, 30));
    expect(parseInstant('2026-10-01T12:00:00Z', 'Asia/Tokyo')).toBe(Date.UTC(2026, 9, 1, 12));
    expect(parseInstant('2026-10-01T12:00:00+02:00')).toBe(Date.UTC(2026, 9, 1, 10));
    expect(parseInstant('2026-10-01 12:00:00.250')).toBe(Date.UTC(2026, 9, 1, 12, 0, 0, 250));
  });

  it('handles the DST transitions of the zone', () => {
    // Paris springs forward on 2026-03-29 at 02:00 → 03:00; that day starts at 23:00 UTC the day before.
    expect(parseInstant('2026-03-29', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(parseInstant('2026-03-30', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 22));
    expect(startOfDay(Date.UTC(2026, 2, 29, 12), 'Europe/Paris')).toBe(Date.UTC(2026, 2, 28, 23));
  });

  it('rejects what is not an ISO date or timestamp', () => {
    for (const bad of ['yesterday', '2026-13-01', '2026-02-30', '1700000000', '2026/10/01', '']) expect(parseInstant(bad)).toBeNull();
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
