import { describe, expect, it } from 'vitest';
import { MAX_POINTS_PER_SERIES, planRangeChunks, pointCount, type RangeChunk } from './api-chunks.ts';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

/** Every evaluation time the chunks cover, in order. */
function gridOf(chunks: readonly RangeChunk[], stepMs: number): number[] {
  const times: number[] = [];
  for (const chunk of chunks) for (let t = chunk.startMs; t <= chunk.endMs; t += stepMs) times.push(t);
  return times;
}

describe('planRangeChunks', () => {
  it('keeps a range with a single point (start = end) in one chunk', () => {
    expect(planRangeChunks(T0, T0, MINUTE)).toEqual([{ index: 0, startMs: T0, endMs: T0, points: 1 }]);
  });

  it('fits exactly 11,000 points in one chunk, end inclusive', () => {
    const end = T0 + (MAX_POINTS_PER_SERIES - 1) * MINUTE;
    expect(planRangeChunks(T0, end, MINUTE)).toEqual([{ index: 0, startMs: T0, endMs: end, points: 11_000 }]);
  });

  it('puts the 11,001st point in a second chunk that starts one step after the first ends', () => {
    const end = T0 + MAX_POINTS_PER_SERIES * MINUTE;
    const chunks = planRangeChunks(T0, end, MINUTE);
    expect(chunks).toEqual([
      { index: 0, startMs: T0, endMs: T0 + 10_999 * MINUTE, points: 11_000 },
      { index: 1, startMs: end, endMs: end, points: 1 },
    ]);
  });

  it('ends the last chunk on the last grid point at or before an unaligned end', () => {
    const chunks = planRangeChunks(T0, T0 + 10 * MINUTE + 59_999, MINUTE, 4);
    expect(chunks.map((c) => [c.startMs - T0, c.endMs - T0, c.points])).toEqual([
      [0, 3 * MINUTE, 4],
      [4 * MINUTE, 7 * MINUTE, 4],
      [8 * MINUTE, 10 * MINUTE, 3],
    ]);
  });

  it('covers the whole grid exactly once for many ranges, steps and chunk sizes', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 500; run++) {
      const stepMs = 1 + random(90_000);
      const start = T0 + random(1_000_000);
      const end = start + random(stepMs * 60);
      const maxPoints = 1 + random(12);
      const chunks = planRangeChunks(start, end, stepMs, maxPoints);
      const expected: number[] = [];
      for (let t = start; t <= end; t += stepMs) expected.push(t);
      expect(gridOf(chunks, stepMs)).toEqual(expected);
      expect(chunks.every((c) => c.points <= maxPoints && c.points === pointCount(c.startMs, c.endMs, stepMs))).toBe(true);
      chunks.forEach((c, i) => expect(c.index).toBe(i));
    }
  });

  it('rejects an end before the start, a step below 1 ms, fractional times and a zero chunk size', () => {
    expect(() => planRangeChunks(T0, T0 - 1, MINUTE)).toThrow(RangeError);
    expect(() => planRangeChunks(T0, T0, 0)).toThrow(/step/);
    expect(() => planRangeChunks(T0 + 0.5, T0 + 1, 1)).toThrow(/start/);
    expect(() => planRangeChunks(T0, T0, 1, 0)).toThrow(/maxPoints/);
  });
});
