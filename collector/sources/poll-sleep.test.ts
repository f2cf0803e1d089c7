import { describe, expect, it } from 'vitest';
import { sleepUnlessAborted } from './poll-sleep.ts';

describe('sleepUnlessAborted', () => {
  it('waits its time, ends early when the signal aborts, and at once when it already has', async () => {
    const started = performance.now();
    await sleepUnlessAborted(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const stop = new AbortController();
    const early = performance.now();
    setTimeout(() => stop.abort(), 10);
    await sleepUnlessAborted(60_000, stop.signal);
    expect(performance.now() - early).toBeLessThan(5_000);

    const before = performance.now();
    await sleepUnlessAborted(60_000, stop.signal);
    expect(performance.now() - before).toBeLessThan(5_000);
  });
});
