import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter } from './api-retry.ts';

const policy = { retries: 3, baseDelayMs: 500, maxDelayMs: 4_000 };

describe('retry policy', () => {
  it('doubles the backoff per retry, jitters its upper half and caps it', () => {
    expect([0, 1, 2, 3, 4].map((k) => backoffDelay(k, policy, 0))).toEqual([250, 500, 1000, 2000, 2000]);
    expect([0, 1, 2, 3, 4].map((k) => backoffDelay(k, policy, 0.999999))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries network errors, 429 and 5xx, never other 4xx, up to the retry count', () => {
    const network = { status: undefined, retryAfterMs: undefined };
    expect(nextRetryDelay(0, network, policy, 0)).toBe(250);
    expect(nextRetryDelay(0, { status: 503, retryAfterMs: undefined }, policy, 0)).toBe(250);
    expect(nextRetryDelay(0, { status: 429, retryAfterMs: undefined }, policy, 0)).toBe(250);
    expect(nextRetryDelay(0, { status: 400, retryAfterMs: undefined }, policy, 0)).toBeUndefined();
    expect(nextRetryDelay(0, { status: 422, retryAfterMs: undefined }, policy, 0)).toBeUndefined();
    expect(nextRetryDelay(3, network, policy, 0)).toBeUndefined();
    expect(nextRetryDelay(0, network, { ...DEFAULT_RETRY_POLICY, retries: 0 }, 0)).toBeUndefined();
  });

  it('waits exactly Retry-After, and gives up when it is longer than the cap', () => {
    expect(nextRetryDelay(0, { status: 429, retryAfterMs: 3000 }, policy, 0.7)).toBe(3000);
    expect(nextRetryDelay(0, { status: 503, retryAfterMs: 60_000 }, policy, 0)).toBeUndefined();
  });
});
