import { describe, expect, it } from 'vitest';
import { periodFromCountUnit, periodFromDuration, periodFromSloth } from './period.ts';

describe('SLO periods', () => {
  it('reads rolling days and weeks, and calendar weeks, months, quarters and years in a zone', () => {
    expect(periodFromSloth('30d')).toEqual({ ok: true, period: { kind: 'rolling', days: 30 } });
    expect(periodFromDuration('4w', true, 'UTC')).toEqual({ ok: true, period: { kind: 'rolling', days: 28 } });
    expect(periodFromDuration('1M', false, 'Europe/Paris')).toEqual({ ok: true, period: { kind: 'calendar', unit: 'month', timeZone: 'Europe/Paris' } });
    expect(periodFromDuration('1Q', false, 'UTC')).toEqual({ ok: true, period: { kind: 'calendar', unit: 'quarter', timeZone: 'UTC' } });
    expect(periodFromCountUnit(7, 'Day', true, 'UTC')).toEqual({ ok: true, period: { kind: 'rolling', days: 7 } });
    expect(periodFromCountUnit(1, 'Month', false, 'America/New_York')).toEqual({ ok: true, period: { kind: 'calendar', unit: 'month', timeZone: 'America/New_York' } });
  });

  it('refuses what is not a whole-day period, with the reason', () => {
    expect(periodFromDuration('1m', false, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/"m" is minutes: a month is "1M"/) });
    expect(periodFromDuration('12h', true, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/shorter than a day/) });
    expect(periodFromDuration('1M', true, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/no fixed length/) });
    expect(periodFromDuration('2M', false, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/one week, month, quarter or year/) });
    expect(periodFromDuration('30 days', true, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an OpenSLO duration/) });
    expect(periodFromDuration('1M', false, 'Mars/Olympus')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an IANA zone/) });
    expect(periodFromCountUnit(30, 'Fortnight', true, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/unit "Fortnight"/) });
    expect(periodFromCountUnit(30, 'Second', true, 'UTC')).toMatchObject({ ok: false, reason: expect.stringMatching(/shorter than a day/) });
  });
});
