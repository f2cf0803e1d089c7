/**
 * Instants and zones for the KPI contract: --from / --to are ISO dates or timestamps, read in the IANA zone
 * given by --tz (UTC by default) when they carry no offset of their own. Pure, Intl only.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of a zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(tz: string, instantMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in a zone (a time skipped by DST moves forward, as clocks do). */
export function zonedToUtc(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  let guess = wall - zoneOffsetMs(tz, wall);
  const second = wall - zoneOffsetMs(tz, guess);
  if (second !== guess) guess = second;
  return guess;
}

/** Parses --from / --to. Returns epoch ms, or null when the text is not an ISO date or timestamp. */
export function parseInstant(text: string, tz = 'UTC'): number | null {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) && /^\d{4}-\d{2}-\d{2}[T ]/.test(t) ? ms : null;
  }
  const date = DATE_ONLY.exec(t);
  if (date) return validDate(date) ? zonedToUtc(tz, Number(date[1]), Number(date[2]), Number(date[3])) : null;
  const local = LOCAL_TS.exec(t);
  if (local && validDate(local)) {
    return zonedToUtc(
      tz,
      Number(local[1]),
      Number(local[2]),
      Number(local[3]),
      Number(local[4]),
      Number(local[5]),
      Number(local[6] ?? 0),
      Number((local[7] ?? '0').padEnd(3, '0')),
    );
  }
  return null;
}

function validDate(m: RegExpExecArray): boolean {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** Start of the day containing an instant, in a zone. */
export function startOfDay(instantMs: number, tz = 'UTC'): number {
  const local = new Date(instantMs + zoneOffsetMs(tz, instantMs));
  return zonedToUtc(tz, local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}
