/** The UI's time range: a preset ending now (24h, 7d, …) or a custom from / to, resolved to a TimeRange. Pure. */
import type { TimeRange } from '../dashboards/spec.ts';

export type RangeChoice = { kind: 'preset'; duration: string } | { kind: 'custom'; from: string; to: string };

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const HOUR_MS = 3_600_000;

/** Milliseconds of a duration such as 24h, 7d or 4w (the dashboard schema guarantees the form). */
export function durationMs(duration: string): number {
  const match = /^(\d+)([hdw])$/.exec(duration);
  if (!match) throw new RangeError(`not a duration: ${duration}`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

/**
 * A preset ends at the next full hour after `now`, so hourly buckets line up and a range picked twice in the
 * same hour hits the cache. A custom range stays as typed (local times) and is read in `tz` by the server.
 */
export function resolveRange(choice: RangeChoice, now: number, tz: string): TimeRange {
  if (choice.kind === 'custom') return { from: choice.from, to: choice.to, tz };
  const to = Math.ceil(now / HOUR_MS) * HOUR_MS;
  return { from: new Date(to - durationMs(choice.duration)).toISOString(), to: new Date(to).toISOString(), tz };
}

/** Why a custom range cannot be applied, or null. Inputs are datetime-local values (YYYY-MM-DDTHH:mm). */
export function customRangeProblem(from: string, to: string): string | null {
  if (from === '' || to === '') return 'choose a start and an end';
  return from < to ? null : 'the end must be after the start';
}

export function rangeLabel(choice: RangeChoice): string {
  if (choice.kind === 'custom') return `${choice.from.replace('T', ' ')} → ${choice.to.replace('T', ' ')}`;
  return `Last ${choice.duration}`;
}
