/**
 * Instants and zones: wall-clock times in an IANA zone to UTC (nvidia-smi's local timestamps, --from / --to
 * without an offset), with Intl only. Pure; importable from the browser.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(timeZone).formatToParts(instantMs)) fields[part.type] = Number(part.value);
  const wallMs = Date.UTC(
    fields.year ?? 0,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

/** False for impossible calendar values such as February 30 or 24:00. */
export function isValidWallClock(t: WallClock): boolean {
  const probe = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond));
  return (
    probe.getUTCFullYear() === t.year &&
    probe.getUTCMonth() === t.month - 1 &&
    probe.getUTCDate() === t.day &&
    probe.getUTCHours() === t.hour &&
    probe.getUTCMinutes() === t.minute &&
    probe.getUTCSeconds() === t.second
  );
}

/**
 * The UTC instant (ISO 8601) of a wall-clock time in a zone. Like Temporal's "compatible" disambiguation: a
 * time repeated when clocks go back is its first occurrence, a time skipped when they go forward moves forward.
 * Assumes at most one offset change within a day of the time, true of every zone in tzdata.
 */
export function wallClockToUtcMs(t: WallClock, timeZone: string): number {
  const wallMs = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const day = 86_400_000;
  const before = zoneOffsetMs(timeZone, wallMs - day);
  const after = zoneOffsetMs(timeZone, wallMs + day);
  const candidates = [wallMs - before, wallMs - after].filter((utc) => wallMs - zoneOffsetMs(timeZone, utc) === utc);
  const utc = candidates.length > 0 ? Math.min(...candidates) : wallMs - before;
  return utc;
}

/** wallClockToUtcMs as an ISO 8601 string. */
export function wallClockToUtc(t: WallClock, timeZone: string): string {
  return new Date(wallClockToUtcMs(t, timeZone)).toISOString();
}

/** Parses --from / --to. Returns epoch ms, or null when the text is not an ISO date or timestamp. */
export function parseInstant(text: string, tz = 'UTC'): number | null {
  const t = text.trim();
  if (WITH_OFFSET.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) && /^\d{4}-\d{2}-\d{2}[T ]/.test(t) ? ms : null;
  }
  const date = DATE_ONLY.exec(t);
  const local = date ?? LOCAL_TS.exec(t);
  if (!local) return null;
  const wall: WallClock = {
    year: Number(local[1]),
    month: Number(local[2]),
    day: Number(local[3]),
    hour: Number(local[4] ?? 0),
    minute: Number(local[5] ?? 0),
    second: Number(local[6] ?? 0),
    millisecond: Number((local[7] ?? '0').padEnd(3, '0')),
  };
  return isValidWallClock(wall) ? wallClockToUtcMs(wall, tz) : null;
}

/** Start of the day containing an instant, in a zone. */
export function startOfDay(instantMs: number, tz = 'UTC'): number {
  const local = new Date(instantMs + zoneOffsetMs(tz, instantMs));
  return wallClockToUtcMs({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: 0, minute: 0, second: 0, millisecond: 0 }, tz);
}
