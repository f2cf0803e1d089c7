/** `pulse kpi gpu-spend` (METRICS.md, Cost): GPU spend per team, model, cluster, instance type, service or provider. */
import type { PlainRow } from '../contract.ts';
import { costParams, defaultCostSettings } from './cost-settings.ts';
import { minuteStateParams, optionValue, type KpiDefinition, type KpiOption } from './definition.ts';

const credits: KpiOption = {
  name: 'credits',
  choices: ['exclude', 'include'],
  default: 'exclude',
  description: 'count Credit and Adjustment cost lines (tax never counts)',
};

export const gpuSpend: KpiDefinition = {
  query: 'gpu-spend',
  groupBy: ['team', 'model', 'cluster', 'instance_type', 'service', 'provider'],
  describe: 'amortized GPU instance cost, billed GPU-hours, cost per GPU-hour, idle cost and idle share',
  options: [credits],
  params: (request, settings) => {
    const t = settings.gpuThresholds;
    return {
      from: request.from,
      to: request.to,
      tz: request.tz,
      group_by: request.groupBy ?? 'none',
      credits: optionValue(request, credits),
      ...costParams(settings.cost ?? defaultCostSettings()),
      min_minutes: t.min_idle_minutes,
      ...minuteStateParams(t),
    };
  },
  notes: (rows, request) => {
    const notes: string[] = [];
    if (rows.length === 0) notes.push('no GPU instance cost lines in the window: import a FOCUS export or sync Cost Explorer first');
    const count = (test: (r: PlainRow) => boolean): number => rows.filter(test).length;
    if (count((r) => r['reason'] === 'mixed_currencies') > 0) notes.push('a group billed in several currencies has no cost: currencies are never mixed');
    if (count((r) => r['estimated'] === true) > 0) notes.push('rows marked estimated are built on provisional cost data that the provider may still restate');
    if (count((r) => r['reason'] === 'no_telemetry') > 0) notes.push('idle_cost is null where no GPU telemetry covers the group');
    if (request.groupBy === 'team' || request.groupBy === 'service') {
      notes.push(`GPU cost without a ${request.groupBy} tag or rule is split by the GPU-hours pods held; the rest is under ${request.groupBy} null`);
    }
    return notes;
  },
};
