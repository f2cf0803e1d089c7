/**
 * Reads a time range from untrusted input (HTTP query string, IPC payload): from / to as ISO dates or
 * timestamps, read in tz when they carry no offset. Pure; a failure names the parameter.
 */
import { isValidTimeZone, parseInstant } from '../queries/time.ts';
import type { TimeRange } from './spec.ts';

export type RangeParse = { ok: true; range: TimeRange } | { ok: false; param: 'from' | 'to' | 'tz'; error: string };

export function parseTimeRange(input: { from?: unknown; to?: unknown; tz?: unknown }): RangeParse {
  const tz = input.tz === undefined || input.tz === '' ? 'UTC' : input.tz;
  if (typeof tz !== 'string' || !isValidTimeZone(tz)) return { ok: false, param: 'tz', error: `tz: expected an IANA time zone such as Europe/Paris, got ${JSON.stringify(tz)}` };
  const instant = (param: 'from' | 'to', value: unknown): number | string => {
    if (typeof value !== 'string' || value === '') return `${param}: required (an ISO date or timestamp)`;
    return parseInstant(value, tz) ?? `${param}: expected an ISO date or timestamp (2026-10-01 or 2026-10-01T12:00:00Z), got ${JSON.stringify(value)}`;
  };
  const from = instant('from', input.from);
  if (typeof from === 'string') return { ok: false, param: 'from', error: from };
  const to = instant('to', input.to);
  if (typeof to === 'string') return { ok: false, param: 'to', error: to };
  if (from >= to) return { ok: false, param: 'to', error: 'to: must be after from' };
  return { ok: true, range: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz } };
}
