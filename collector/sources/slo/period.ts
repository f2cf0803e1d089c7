/**
 * SLO periods from spec text: Sloth's `30d`, OpenSLO v1 `duration` (`28d`, `1w`, `1M`, `1Q`, `1y`) with
 * `isRolling`, OpenSLO v1alpha `count` + `unit`. Pure. Rolling periods are whole days; calendar periods are one
 * week (from Monday), month, quarter or year in an IANA zone.
 */
import { isValidTimeZone } from '../../../queries/time.ts';
import type { CalendarUnit, Period } from './types.ts';

export type PeriodResult = { ok: true; period: Period } | { ok: false; reason: string };

const CALENDAR_UNITS: Readonly<Record<string, CalendarUnit>> = { w: 'week', M: 'month', Q: 'quarter', y: 'year' };

/** An OpenSLO v1 duration (`^\d+[mhdwMQy]$`) as a rolling or calendar period. */
export function periodFromDuration(duration: string, rolling: boolean, timeZone: string): PeriodResult {
  const match = /^(\d+)([mhdwMQy])$/.exec(duration);
  if (!match) return { ok: false, reason: `duration "${duration}" is not an OpenSLO duration (a number and one of m h d w M Q y, e.g. 28d or 1M)` };
  const count = Number(match[1]);
  const unit = match[2] ?? '';
  if (count < 1) return { ok: false, reason: `duration "${duration}" must be positive` };
  if (unit === 'm' || unit === 'h') {
    const hint = unit === 'm' ? ' (in OpenSLO "m" is minutes: a month is "1M")' : '';
    return { ok: false, reason: `duration "${duration}" is shorter than a day${hint}; SLO periods are whole days, weeks, months or quarters` };
  }
  if (rolling) {
    if (unit === 'd') return { ok: true, period: { kind: 'rolling', days: count } };
    if (unit === 'w') return { ok: true, period: { kind: 'rolling', days: 7 * count } };
    return { ok: false, reason: `a rolling period of "${duration}" has no fixed length: use days (28d, 30d) or a calendar window` };
  }
  const calendarUnit = unit === 'd' ? null : (CALENDAR_UNITS[unit] ?? null);
  if (calendarUnit === null || count !== 1) {
    return { ok: false, reason: `a calendar period must be one week, month, quarter or year (1w, 1M, 1Q, 1y), got "${duration}"` };
  }
  return calendar(calendarUnit, timeZone);
}

const ALPHA_UNITS: Readonly<Record<string, string>> = { Second: 's', Minute: 'm', Hour: 'h', Day: 'd', Week: 'w', Month: 'M', Quarter: 'Q', Year: 'y' };

/** An OpenSLO v1alpha time window (`count` + `unit`). */
export function periodFromCountUnit(count: number, unit: string, rolling: boolean, timeZone: string): PeriodResult {
  const short = ALPHA_UNITS[unit];
  if (short === undefined) return { ok: false, reason: `unit "${unit}" is not one of ${Object.keys(ALPHA_UNITS).join(', ')}` };
  if (short === 's') return { ok: false, reason: `a period of ${count} ${unit} is shorter than a day` };
  return periodFromDuration(`${count}${short}`, rolling, timeZone);
}

/** A Sloth period (`30d`, `4w`): rolling. */
export function periodFromSloth(text: string): PeriodResult {
  return periodFromDuration(text, true, 'UTC');
}

function calendar(unit: CalendarUnit, timeZone: string): PeriodResult {
  if (!isValidTimeZone(timeZone)) return { ok: false, reason: `time zone "${timeZone}" is not an IANA zone (e.g. Europe/Paris)` };
  return { ok: true, period: { kind: 'calendar', unit, timeZone } };
}
