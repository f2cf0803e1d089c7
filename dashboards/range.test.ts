import { describe, expect, it } from 'vitest';
import { parseTimeRange } from './range.ts';

describe('parseTimeRange', () => {
  it('reads ISO timestamps and dates, dates in the given zone', () => {
    expect(parseTimeRange({ from: '2026-10-01T00:00:00Z', to: '2026-10-02T00:00:00Z' })).toEqual({
      ok: true,
      range: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z', tz: 'UTC' },
    });
    expect(parseTimeRange({ from: '2026-10-01', to: '2026-10-02', tz: 'Europe/Paris' })).toEqual({
      ok: true,
      range: { from: '2026-09-30T22:00:00.000Z', to: '2026-10-01T22:00:00.000Z', tz: 'Europe/Paris' },
    });
  });

  it('names the parameter that is wrong', () => {
    expect(parseTimeRange({ to: '2026-10-02' })).toMatchObject({ ok: false, param: 'from', error: 'from: required (an ISO date or timestamp)' });
    expect(parseTimeRange({ from: '2026-10-01', to: 'yesterday' })).toMatchObject({ ok: false, param: 'to' });
    expect(parseTimeRange({ from: '2026-10-01', to: '2026-10-02', tz: 'Mars/Olympus' })).toMatchObject({ ok: false, param: 'tz' });
    expect(parseTimeRange({ from: '2026-10-02', to: '2026-10-01' })).toEqual({ ok: false, param: 'to', error: 'to: must be after from' });
    expect(parseTimeRange({ from: 5, to: '2026-10-01' })).toMatchObject({ ok: false, param: 'from' });
  });
});
