/** `pulse kpi dora` (METRICS.md, Delivery): the DORA metrics with their bands, per service, team or overall. */
import type { PlainRow } from '../contract.ts';
import { optionValue, type KpiDefinition } from './definition.ts';
import { BANDS_OPTION, MEDIAN_OPTION } from './delivery-options.ts';

export const dora: KpiDefinition = {
  query: 'dora',
  groupBy: ['service', 'team'],
  describe: 'deployment frequency, change lead time, change failure rate, failed deployment recovery time, rework rate and their DORA bands',
  options: [MEDIAN_OPTION, BANDS_OPTION],
  params: (request) => ({
    from: request.from,
    to: request.to,
    tz: request.tz,
    group_by: request.groupBy ?? 'none',
    median: optionValue(request, MEDIAN_OPTION),
    bands: optionValue(request, BANDS_OPTION),
  }),
  notes: doraNotes,
};

function sum(rows: PlainRow[], field: string): number {
  return rows.reduce((s, r) => s + (typeof r[field] === 'number' ? (r[field] as number) : 0), 0);
}

function doraNotes(rows: PlainRow[]): string[] {
  const notes: string[] = [];
  if (sum(rows, 'deployments') === 0) notes.push('no successful production deployments finished in the window: import events or sync GitHub / GitLab first');
  const excluded = sum(rows, 'lead_time_excluded_changes');
  if (excluded > 0) notes.push(`lead time excludes ${excluded} change${excluded === 1 ? '' : 's'} with non-positive duration`);
  const unknown = sum(rows, 'deployments_without_changes');
  if (unknown > 0) {
    const one = unknown === 1;
    notes.push(`${unknown} deployment${one ? '' : 's'} without changes (change set unknown or empty) ${one ? 'counts' : 'count'} in deployment frequency but ${one ? 'contributes' : 'contribute'} no lead time`);
  }
  const open = rows.reduce((n, r) => n + (Array.isArray(r['open_incidents']) ? r['open_incidents'].length : 0), 0);
  if (open > 0) notes.push(`${open} failed deployment${open === 1 ? ' is' : 's are'} not restored at the end of the window (open_incidents): not in fdrt_median_s`);
  return notes;
}
