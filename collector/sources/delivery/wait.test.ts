import { describe, expect, it } from 'vitest';
import { exhaustedUntil, httpFailure, rateLimitedUntil, waitUntil, type Waiter } from './wait.ts';

describe('rateLimitedUntil', () => {
  const now = 1_700_000_000_000;
  it('reads retry-after, the reset of an exhausted limit, and a bare 429', () => {
    expect(rateLimitedUntil(403, { 'retry-after': '30' }, now)).toBe(now + 30_000);
    expect(rateLimitedUntil(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(now + 43_000);
    expect(rateLimitedUntil(429, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(now / 1000 + 5) }, now)).toBe(now + 6_000);
    expect(rateLimitedUntil(429, {}, now)).toBe(now + 60_000);
  });

  it('waits after a successful response only when it was the last request allowed', () => {
    expect(exhaustedUntil({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 9) }, now)).toBe(now + 10_000);
    expect(exhaustedUntil({ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': String(now / 1000 + 9) }, now)).toBeNull();
  });

  it('does not take a permission error or a server error for a rate limit', () => {
    expect(rateLimitedUntil(403, { 'x-ratelimit-remaining': '4999' }, now)).toBeNull();
    expect(rateLimitedUntil(500, { 'retry-after': '1' }, now)).toBeNull();
  });
});

describe('waitUntil', () => {
  it('counts down once a second on the injected clock', async () => {
    let t = 0;
    const shown: number[] = [];
    const waiter: Waiter = { now: () => t, sleep: async (ms) => void (t += ms), onWait: (s) => shown.push(s) };
    await waitUntil(waiter, 2500, 'test');
    expect(shown).toEqual([3, 2, 1, 0]);
    expect(t).toBe(2500);
  });
});

describe('httpFailure', () => {
  it('reads status and headers from an error that has them', () => {
    expect(httpFailure({ status: 403, response: { headers: { a: '1' } } })).toEqual({ status: 403, headers: { a: '1' } });
    expect(httpFailure(new Error('x'))).toBeNull();
  });
});
