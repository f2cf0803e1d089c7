import { describe, expect, it } from 'vitest';
import { increaseOver, resetCorrected, totalIncrease } from './counter-increase.ts';

const H = 3_600_000;
const s = (hour: number, value: number) => ({ t: hour * H, value });

describe('increaseOver', () => {
  it('is the difference of the counter at the window edges', () => {
    expect(increaseOver([s(0, 100), s(1, 160), s(2, 400)], 0, 2 * H)).toBe(300);
  });

  it('handles a reset: the counter restarted from zero in between', () => {
    // 100 → 160 (+60), reset, 40 (+40), 90 (+50)
    expect(increaseOver([s(0, 100), s(1, 160), s(2, 40), s(3, 90)], 0, 3 * H)).toBe(150);
    expect(resetCorrected([s(0, 100), s(1, 160), s(2, 40), s(3, 90)]).map((x) => x.value)).toEqual([100, 160, 200, 250]);
    expect(increaseOver([s(0, 50), s(1, 5), s(2, 3), s(3, 13)], 0, 3 * H)).toBe(5 + 3 + 10);
  });

  it('interpolates at edges between samples, so adjacent windows add up exactly', () => {
    const samples = [s(-1, 0), s(2, 300), s(4, 500)];
    const a = increaseOver(samples, 0, 1 * H) as number;
    const b = increaseOver(samples, 1 * H, 3 * H) as number;
    const c = increaseOver(samples, 3 * H, 4 * H) as number;
    expect([a, b, c]).toEqual([100, 200, 100]);
    expect(a + b + c).toBe(increaseOver(samples, 0, 4 * H));
  });

  it('counts a series born inside the window from zero, and one that stopped inside it to its last value', () => {
    expect(increaseOver([s(1, 10), s(2, 30)], 0, 3 * H)).toBe(30);
    expect(increaseOver([s(-1, 10), s(1, 20)], 0, 3 * H)).toBe(5);
    expect(increaseOver([s(-3, 10), s(-2, 20)], 0, H)).toBe(0);
    expect(increaseOver([s(2, 10)], 0, H)).toBe(0);
  });

  it('is null without samples, and ignores non-finite values and unsorted input', () => {
    expect(increaseOver([], 0, H)).toBeNull();
    expect(increaseOver([s(2, 30), s(0, 10), { t: H, value: Number.NaN }], 0, 2 * H)).toBe(20);
  });
});

describe('totalIncrease', () => {
  it('adds the series of one counter, and is null only when no series has samples', () => {
    expect(totalIncrease([[s(0, 0), s(1, 10)], [s(0, 5), s(1, 7)]], 0, H)).toBe(12);
    expect(totalIncrease([[], []], 0, H)).toBeNull();
    expect(totalIncrease([], 0, H)).toBeNull();
  });
});
