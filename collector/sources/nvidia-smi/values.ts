/**
 * Strict conversion of nvidia-smi value strings ("67.03 W", "0 %", "[N/A]") shared by the XML and CSV parsers.
 * A value nvidia-smi could not read becomes null, never 0: an absent reading is unknown, not idle.
 */
import type { MigMode } from './types.ts';

/** A value string that does not have the expected form; the caller adds where it was found. */
export class ValueFormatError extends Error {
  constructor(readonly expected: string) {
    super(`expected ${expected}`);
    this.name = 'ValueFormatError';
  }
}

// Texts nvidia-smi prints instead of a value (XML prints them bare, CSV in brackets).
const UNAVAILABLE = new Set([
  '',
  'n/a',
  'not supported',
  'not available',
  'unknown error',
  'insufficient permissions',
  'gpu is lost',
  'gpu requires reset',
  'requested functionality has been deprecated',
]);

// Digits with an optional fraction only: Number() would also take "0x1", "1e3", " 1 " and "".
const QUANTITY = /^(-?\d+(?:\.\d+)?)(?: (\S+))?$/;

/** True for N/A, Not Supported and the like; in CSV any bracketed cell is such a message. */
export function isUnavailable(raw: string): boolean {
  const text = raw.trim();
  return (text.startsWith('[') && text.endsWith(']')) || UNAVAILABLE.has(text.toLowerCase());
}

export function textValue(raw: string): string | null {
  return isUnavailable(raw) ? null : raw.trim();
}

/** A number with an optional unit suffix; a unit other than `unit` is an error, not a silent rescale. */
export function quantityValue(raw: string, unit: string): number | null {
  if (isUnavailable(raw)) return null;
  const match = QUANTITY.exec(raw.trim());
  const suffix = match?.[2];
  if (!match?.[1] || (suffix !== undefined && suffix !== unit)) throw new ValueFormatError(`a number in ${unit}`);
  return Number(match[1]);
}

/** A percentage ("37 %") as a ratio 0..1. */
export function ratioValue(raw: string): number | null {
  const percent = quantityValue(raw, '%');
  if (percent === null) return null;
  if (percent < 0 || percent > 100) throw new ValueFormatError('a percentage between 0 and 100');
  return percent / 100;
}

export function integerValue(raw: string): number | null {
  if (isUnavailable(raw)) return null;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) throw new ValueFormatError('a non-negative integer');
  return Number(text);
}

/** Clock event (throttle) reasons read "Active" / "Not Active". */
export function activeValue(raw: string): boolean | null {
  if (isUnavailable(raw)) return null;
  const text = raw.trim();
  if (text === 'Active') return true;
  if (text === 'Not Active') return false;
  throw new ValueFormatError('"Active" or "Not Active"');
}

export function migModeValue(raw: string): MigMode | null {
  if (isUnavailable(raw)) return null;
  const text = raw.trim();
  if (text === 'Enabled') return 'enabled';
  if (text === 'Disabled') return 'disabled';
  throw new ValueFormatError('"Enabled" or "Disabled"');
}
