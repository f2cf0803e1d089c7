/** Pure builder of a stat row: the fields of the panel's (first) row, formatted with their units. */
import type { PanelData, StatPanel } from '../../dashboards/spec.ts';
import { formatParts, formatValue } from '../format.ts';

export interface StatTile {
  field: string;
  label: string;
  value: string;
  unit: string;
  /** E.g. "62.0% of observed" for a field with share_of. */
  caption: string | null;
}

export function toStats(panel: StatPanel, data: PanelData): StatTile[] {
  const row = data.rows[0] ?? {};
  return panel.stats.map((stat) => {
    const value = row[stat.field];
    const parts = formatParts(value, stat.unit);
    let caption: string | null = null;
    if (stat.share_of !== undefined) {
      const whole = row[stat.share_of];
      const of = panel.stats.find((s) => s.field === stat.share_of)?.label.toLowerCase() ?? stat.share_of.replaceAll('_', ' ');
      caption = typeof value === 'number' && typeof whole === 'number' && whole > 0 ? `${formatValue(value / whole, 'ratio')} of ${of}` : null;
    }
    return { field: stat.field, label: stat.label, value: parts.value, unit: parts.unit, caption };
  });
}
