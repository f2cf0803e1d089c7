/**
 * Waiting out a rate limit with a visible countdown: the connectors call `onWait` once a second with the
 * seconds left (the CLI prints them on stderr) and once with 0 when the wait is over. Clock and sleep are
 * injected so tests wait in no time.
 */

export interface Waiter {
  now(): number;
  sleep(ms: number): Promise<void>;
  onWait(secondsLeft: number, reason: string): void;
}

export function realWaiter(onWait: Waiter['onWait']): Waiter {
  return { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), onWait };
}

export async function waitUntil(waiter: Waiter, untilMs: number, reason: string): Promise<void> {
  for (let left = untilMs - waiter.now(); left > 0; left = untilMs - waiter.now()) {
    waiter.onWait(Math.ceil(left / 1000), reason);
    await waiter.sleep(Math.min(1000, left));
  }
  waiter.onWait(0, reason);
}

/** The HTTP status and headers of a failed request, when the error carries them (Octokit's RequestError does). */
export function httpFailure(error: unknown): { status: number; headers: Record<string, string | number | undefined> } | null {
  if (typeof error !== 'object' || error === null || typeof (error as { status?: unknown }).status !== 'number') return null;
  const response = (error as { response?: { headers?: Record<string, string | number | undefined> } }).response;
  return { status: (error as { status: number }).status, headers: response?.headers ?? {} };
}

type Headers = Record<string, string | number | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const found = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = found === undefined ? undefined : headers[found];
  return v === undefined ? undefined : String(v);
}

/** When no request is left (`x-ratelimit-remaining` / `ratelimit-remaining` 0): just after the reset. */
export function exhaustedUntil(headers: Headers, nowMs: number): number | null {
  const remaining = header(headers, 'x-ratelimit-remaining') ?? header(headers, 'ratelimit-remaining');
  const reset = Number(header(headers, 'x-ratelimit-reset') ?? header(headers, 'ratelimit-reset'));
  return remaining === '0' && Number.isFinite(reset) ? Math.max(nowMs, reset * 1000) + 1000 : null;
}

/**
 * When to retry after a rate-limited response (403 or 429), from its headers: `retry-after` seconds (secondary
 * limits), or the reset of an exhausted limit; a bare 429 waits a minute. null: not a rate limit (a 403 for
 * missing permissions is an error).
 */
export function rateLimitedUntil(status: number, headers: Headers, nowMs: number): number | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return nowMs + Number(retryAfter) * 1000;
  return exhaustedUntil(headers, nowMs) ?? (status === 429 ? nowMs + 60_000 : null);
}
