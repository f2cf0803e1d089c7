/** Number formatting with units, the same everywhere in the UI (en-US grouping, so screenshots compare). Pure. */
import type { Unit } from '../dashboards/spec.ts';

export interface Formatted {
  value: string;
  unit: string;
}

const LOCALE = 'en-US';
const fixed = (digits: number): Intl.NumberFormat => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
const FORMATS = [fixed(0), fixed(1), fixed(2)] as const;
const COMPACT = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** A value split into number and unit, for a stat tile. null and non-numbers show as an em dash. */
export function formatParts(value: unknown, unit: Unit): Formatted {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { value: '—', unit: '' };
  switch (unit) {
    case 'count':
      return { value: FORMATS[0].format(value), unit: '' };
    case 'ratio':
      return { value: FORMATS[1].format(value * 100), unit: '%' };
    case 'gpu_hours': {
      const abs = Math.abs(value);
      const text = abs >= 1e6 ? COMPACT.format(value) : abs >= 100 || value === 0 ? FORMATS[0].format(value) : abs >= 10 ? FORMATS[1].format(value) : FORMATS[2].format(value);
      return { value: text, unit: 'GPU·h' };
    }
  }
}

export function formatValue(value: unknown, unit: Unit): string {
  const { value: text, unit: label } = formatParts(value, unit);
  if (label === '' || text === '—') return text;
  return label === '%' ? `${text}%` : `${text} ${label}`;
}

/** Short axis labels: 40%, 1.2K. */
export function formatAxis(value: number, unit: Unit): string {
  if (unit === 'ratio') return `${FORMATS[0].format(value * 100)}%`;
  return COMPACT.format(value);
}
