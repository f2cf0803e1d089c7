/**
 * Timestamps as delivery sources write them. GitHub and the generic format use ISO-8601 with `Z` or an offset;
 * GitLab webhooks also send `2016-08-12 15:23:28 UTC` and `2021-04-28 21:50:00 +0200`. A timestamp without a
 * zone is refused: guessing the zone would shift every duration. Pure.
 */

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})$/i;

/** Epoch milliseconds, or null when the text is not a timestamp with a zone. */
export function parseSourceTime(text: string): number | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone = 'Z'] = m;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const probe = new Date(wall);
  if (probe.getUTCDate() !== Number(d) || probe.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return wall - offsetMs(zone);
}

function offsetMs(zone: string): number {
  if (/^(Z|UTC)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** parseSourceTime for optional fields: null and undefined stay null; a bad text throws naming the field. */
export function optionalTime(value: string | null | undefined, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  return requiredTime(value, field);
}

export function requiredTime(value: string, field: string): number {
  const ms = parseSourceTime(value);
  if (ms === null) throw new SourceFieldError(field, `expected a timestamp with a zone, got ${JSON.stringify(value)}`);
  return ms;
}

/** A source object lacks a field Pulse needs, or carries it in a shape Pulse cannot read. */
export class SourceFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SourceFieldError';
  }
}
