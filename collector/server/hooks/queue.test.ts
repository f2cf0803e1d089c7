import { describe, expect, it } from 'vitest';
import { serialQueue } from './queue.ts';

describe('serialQueue', () => {
  it('runs work one at a time, in order, and a failure does not stop the next', async () => {
    const serial = serialQueue();
    const log: string[] = [];
    const job = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([serial(job('a', 20)), serial(job('b', 1, true)), serial(job('c', 1))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
