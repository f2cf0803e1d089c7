import { describe, expect, it } from 'vitest';
import { parsePromDuration } from './prom-duration.ts';
import { promDurationSchema } from './prom-duration-schema.ts';

describe('Prometheus durations', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
  ])('reads %s', (text, ms) => expect(parsePromDuration(text)).toBe(ms));

  it.each(['', '10', '1.5s', '-1m', '1 m', 's'])('rejects %j', (text) => expect(parsePromDuration(text)).toBeUndefined());

  it('requires a positive duration in config', () => {
    expect(promDurationSchema.parse('30s')).toBe(30_000);
    expect(promDurationSchema.safeParse('0s').success).toBe(false);
  });
});
