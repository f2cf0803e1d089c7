/**
 * Pure retry policy of the Prometheus API client: which failures are retried, exponential backoff with
 * jitter, and `Retry-After` (delta-seconds or an HTTP date). Network errors, timeouts, 429 and 5xx are
 * retried; other 4xx are final (a `bad_data` query stays bad).
 */

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  readonly retries: number;
  /** Backoff before retry k (0-based) is about baseDelayMs · 2^k, jittered, capped at maxDelayMs. */
  readonly baseDelayMs: number;
  /** Cap of the backoff; a `Retry-After` longer than this makes the failure final instead of waiting. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a failed attempt tells the policy. */
export interface AttemptFailure {
  /** HTTP status; undefined for network errors and timeouts. */
  readonly status: number | undefined;
  /** Parsed `Retry-After`, in milliseconds from now. */
  readonly retryAfterMs: number | undefined;
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** "Equal jitter": half of the capped exponential delay fixed, half random (`random` in [0, 1)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(capped / 2 + (capped / 2) * random);
}

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `retry` (0-based), or undefined when the failure is final: retries used up, a
 * status that is not retried, or a `Retry-After` beyond the policy's cap.
 */
export function nextRetryDelay(retry: number, failure: AttemptFailure, policy: RetryPolicy, random: number): number | undefined {
  if (retry >= policy.retries) return undefined;
  if (failure.status !== undefined && !isRetryableStatus(failure.status)) return undefined;
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs <= policy.maxDelayMs ? failure.retryAfterMs : undefined;
  return backoffDelay(retry, policy, random);
}
