import { describe, expect, it } from 'vitest';
import { optionalTime, parseSourceTime, requiredTime } from './time.ts';

describe('parseSourceTime', () => {
  it('reads ISO-8601 with Z or an offset, with or without fractions', () => {
    expect(parseSourceTime('2013-12-03T17:23:34Z')).toBe(Date.UTC(2013, 11, 3, 17, 23, 34));
    expect(parseSourceTime('2016-08-12T17:23:21+02:00')).toBe(Date.UTC(2016, 7, 12, 15, 23, 21));
    expect(parseSourceTime('2023-04-10T06:51:47.000+00:00')).toBe(Date.UTC(2023, 3, 10, 6, 51, 47));
    expect(parseSourceTime('2024-01-01T00:00:00.123456Z')).toBe(Date.UTC(2024, 0, 1) + 123);
  });

  it('reads the GitLab webhook forms', () => {
    expect(parseSourceTime('2016-08-12 15:23:28 UTC')).toBe(Date.UTC(2016, 7, 12, 15, 23, 28));
    expect(parseSourceTime('2021-04-28 21:50:00 +0200')).toBe(Date.UTC(2021, 3, 28, 19, 50));
    expect(parseSourceTime('2021-04-28 21:50:00 -0130')).toBe(Date.UTC(2021, 3, 28, 23, 20));
  });

  it('refuses timestamps without a zone and impossible dates', () => {
    expect(parseSourceTime('2023-4-10 6:51:47')).toBeNull();
    expect(parseSourceTime('2023-04-10T06:51:47')).toBeNull();
    expect(parseSourceTime('2023-02-30T00:00:00Z')).toBeNull();
    expect(parseSourceTime('2023-02-01T30:00:00Z')).toBeNull();
    expect(parseSourceTime('yesterday')).toBeNull();
  });

  it('names the field when a required or optional timestamp is bad', () => {
    expect(optionalTime(null, 'x')).toBeNull();
    expect(optionalTime(undefined, 'x')).toBeNull();
    expect(() => requiredTime('soon', 'deployment.created_at')).toThrow('deployment.created_at: expected a timestamp with a zone, got "soon"');
  });
});
