/**
 * nvidia-smi prints timestamps in the host's local time without an offset; these helpers turn such a wall-clock
 * time into UTC for a configured IANA zone, with Intl only.
 */

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

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(timeZone: string, instantMs: number): number {
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
export function wallClockToUtc(t: WallClock, timeZone: string): string {
  const wallMs = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  const day = 86_400_000;
  const before = offsetMs(timeZone, wallMs - day);
  const after = offsetMs(timeZone, wallMs + day);
  const candidates = [wallMs - before, wallMs - after].filter((utc) => wallMs - offsetMs(timeZone, utc) === utc);
  const utc = candidates.length > 0 ? Math.min(...candidates) : wallMs - before;
  return new Date(utc).toISOString();
}
