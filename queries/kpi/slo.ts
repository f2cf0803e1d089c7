/** `pulse kpi slo` (METRICS.md, Reliability): one row per SLO, evaluated at --to, alerts backtested from --from. */
import type { PlainRow } from '../contract.ts';
import { optionValue, type KpiDefinition } from './definition.ts';
import { PRESET_OPTION } from './slo-options.ts';

export const slo: KpiDefinition = {
  query: 'slo',
  // One row per SLO: there is nothing to group.
  groupBy: [],
  describe: 'error ratio, error budget remaining (ratio, events, time to exhaustion), burn rates 5m–3d and period, alert status at --to and backtested alerts',
  options: [PRESET_OPTION],
  params: (request) => ({ from: request.from, to: request.to, preset: optionValue(request, PRESET_OPTION) }),
  notes: sloNotes,
};

/** Summary lines: SLOs without data, those paging or ticketing, spent budgets. Pure. */
export function sloNotes(rows: PlainRow[]): string[] {
  if (rows.length === 0) return ['no SLOs: load specs with `pulse import slo FILE…`'];
  const notes: string[] = [];
  const named = (predicate: (row: PlainRow) => boolean): string[] => rows.filter(predicate).map((r) => String(r['slo']));
  const list = (ids: string[]): string => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', '));
  const paging = named((r) => r['status'] === 'page');
  if (paging.length > 0) notes.push(`paging at --to: ${list(paging)}`);
  const ticket = named((r) => r['status'] === 'ticket');
  if (ticket.length > 0) notes.push(`ticket at --to: ${list(ticket)}`);
  const spent = named((r) => typeof r['budget_remaining_ratio'] === 'number' && r['budget_remaining_ratio'] < 0);
  if (spent.length > 0) notes.push(`error budget spent: ${list(spent)}`);
  const reasons = rows.filter((r) => r['reason'] !== null);
  if (reasons.length > 0) notes.push(`${reasons.length} SLO${reasons.length === 1 ? '' : 's'} without numbers (see reason): ${list(reasons.map((r) => String(r['slo'])))}`);
  return notes;
}
