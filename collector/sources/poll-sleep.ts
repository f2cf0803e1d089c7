/** The wait between polls of a collecting loop (`pulse collect`, `pulse agent`). */
import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less when `signal` aborts first (Ctrl-C): the loop then stops at once instead of after its interval. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
