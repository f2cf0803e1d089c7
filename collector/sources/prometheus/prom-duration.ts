/**
 * Prometheus duration strings (`500ms`, `30s`, `1m30s`, `2h`, `1d`, `1w`, `1y`) as milliseconds (the config schema for
 * them is prom-duration-schema.ts). Units follow Prometheus: a year is 365 days, a week 7 days.
 */

const UNIT_MS: Readonly<Record<string, number>> = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const WHOLE = /^(?:\d+(?:ms|[ywdhms]))+$/;
const PART = /(\d+)(ms|[ywdhms])/g;

/** Milliseconds of a Prometheus duration; undefined when the text is not one (`1.5s`, `10`, `-1m`). */
export function parsePromDuration(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return total;
}

