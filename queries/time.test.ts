import { describe, expect, it } from 'vitest';
import { isValidTimeZone, isValidWallClock, parseInstant, startOfDay, wallClockToUtc, type WallClock } from './time.ts';

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


const at = (year: number, month: number, day: number, hour: number, minute: number, ms = 0): WallClock => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: ms,
});

describe('wallClockToUtc', () => {
  it('is the identity in UTC and keeps milliseconds', () => {
    expect(wallClockToUtc({ ...at(2026, 7, 14, 8, 12, 696), second: 38 }, 'UTC')).toBe('2026-07-14T08:12:38.696Z');
  });

  it('applies summer and winter offsets', () => {
    expect(wallClockToUtc(at(2026, 7, 14, 8, 12), 'America/New_York')).toBe('2026-07-14T12:12:00.000Z');
    expect(wallClockToUtc(at(2026, 1, 14, 8, 12), 'America/New_York')).toBe('2026-01-14T13:12:00.000Z');
    expect(wallClockToUtc(at(2026, 4, 10, 10, 23), 'Europe/Berlin')).toBe('2026-04-10T08:23:00.000Z');
    expect(wallClockToUtc(at(2026, 1, 1, 0, 0), 'Asia/Kolkata')).toBe('2025-12-31T18:30:00.000Z');
  });

  it('takes the first occurrence of a time repeated when clocks go back', () => {
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(wallClockToUtc(at(2026, 11, 1, 1, 30), 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('moves a time skipped when clocks go forward to after the gap', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(wallClockToUtc(at(2026, 3, 8, 2, 30), 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('isValidTimeZone and isValidWallClock', () => {
  it('accepts IANA zones only', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('rejects impossible calendar values', () => {
    expect(isValidWallClock(at(2026, 2, 28, 23, 59))).toBe(true);
    expect(isValidWallClock(at(2026, 2, 30, 0, 0))).toBe(false);
    expect(isValidWallClock(at(2026, 13, 1, 0, 0))).toBe(false);
    expect(isValidWallClock(at(2026, 1, 1, 24, 0))).toBe(false);
  });
});
