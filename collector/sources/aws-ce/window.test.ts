import { describe, expect, it } from 'vitest';
import { restatementWindow } from './window.ts';

describe('restatementWindow', () => {
  it('runs from the 1st of the previous month to yesterday (End exclusive = today, UTC)', () => {
    expect(restatementWindow(Date.parse('2026-11-03T23:59:00Z'))).toMatchObject({ start: '2026-10-01', end: '2026-11-03', days: 33 });
  });

  it('crosses a year and keeps the whole previous month on the 1st', () => {
    expect(restatementWindow(Date.parse('2027-01-01T00:00:00Z'))).toMatchObject({ start: '2026-12-01', end: '2027-01-01', days: 31 });
    expect(restatementWindow(Date.parse('2026-03-15T12:00:00Z'))).toMatchObject({ start: '2026-02-01', end: '2026-03-15', days: 42 });
  });
});
