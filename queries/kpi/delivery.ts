/** `pulse kpi delivery` (METRICS.md, Delivery): pipelines, deployment success, pull request flow. */
import { optionValue, type KpiDefinition } from './definition.ts';
import { MEDIAN_OPTION } from './delivery-options.ts';

export const delivery: KpiDefinition = {
  query: 'delivery',
  groupBy: ['service', 'team'],
  describe: 'pipeline success and rerun rates, deployment success rates per environment, pull requests merged per week and cycle time',
  options: [MEDIAN_OPTION],
  params: (request) => ({ from: request.from, to: request.to, group_by: request.groupBy ?? 'none', median: optionValue(request, MEDIAN_OPTION) }),
  notes: (rows) => {
    const total = (field: string): number => rows.reduce((s, r) => s + (typeof r[field] === 'number' ? (r[field] as number) : 0), 0);
    const notes: string[] = [];
    if (total('pipeline_runs') + total('deployment_attempts') + total('prs_merged') === 0) notes.push('no pipeline runs, deployments or merged pull requests in the window');
    const apart = total('pipeline_cancelled') + total('pipeline_skipped');
    if (apart > 0) notes.push(`${apart} cancelled or skipped pipeline runs are reported apart, not in pipeline_success_rate`);
    return notes;
  },
};
