/** `pulse kpi cost-per-1k` (METRICS.md, Cost): cost per 1,000 inferences per model service and day. */
import type { PlainRow } from '../contract.ts';
import { costParams, defaultCostSettings } from './cost-settings.ts';
import { minuteStateParams, type KpiDefinition } from './definition.ts';

export const costPer1k: KpiDefinition = {
  query: 'cost-per-1k',
  groupBy: ['service'],
  describe: 'allocation- and usage-based cost per 1,000 inferences per model service and day, with requests, GPU-hours and utilization',
  params: (request, settings) => {
    const t = settings.gpuThresholds;
    const cost = settings.cost ?? defaultCostSettings();
    const { team_tags: _unused, ...shared } = costParams(cost);
    return {
      from: request.from,
      to: request.to,
      tz: request.tz,
      group_by: request.groupBy ?? 'none',
      ...shared,
      low_volume: cost.lowVolume,
      ...minuteStateParams(t),
    };
  },
  notes: (rows, request) => {
    const notes: string[] = [];
    if (rows.length === 0) notes.push('no service had GPU allocations, attributed cost or usage data in the window');
    const reasons = new Map<string, number>();
    for (const r of rows) if (typeof r['reason'] === 'string') reasons.set(r['reason'], (reasons.get(r['reason']) ?? 0) + 1);
    for (const [reason, n] of reasons) notes.push(`${n} window${n === 1 ? '' : 's'} without cost_per_1k: ${reason}`);
    if (rows.some((r: PlainRow) => r['low_volume'] === true)) notes.push('low_volume windows have too few requests for a stable unit cost');
    if (rows.some((r: PlainRow) => r['estimated'] === true)) notes.push('rows marked estimated are built on provisional cost data');
    if (request.groupBy === null) notes.push('all services together: a service without usage data on a day is left out of that day');
    return notes;
  },
};
