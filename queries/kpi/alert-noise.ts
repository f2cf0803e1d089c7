/** `pulse kpi alert-noise` (METRICS.md, Reliability): alert episodes classified, the noise ratio and its coverage. */
import type { PlainRow } from '../contract.ts';
import type { KpiDefinition } from './definition.ts';

export const alertNoise: KpiDefinition = {
  query: 'alert-noise',
  groupBy: ['alertname', 'receiver', 'severity'],
  describe: 'alert episodes by class (actionable, transient, flapping, ignored, unknown), alert-noise ratio, coverage, lower bound, notifications, pages per 12-hour shift',
  params: (request) => ({ from: request.from, to: request.to, group_by: request.groupBy ?? 'none' }),
  notes: alertNoiseNotes,
};

/** Summary lines: nothing to score, or how much could not be judged. Pure. */
export function alertNoiseNotes(rows: PlainRow[]): string[] {
  const sum = (field: string): number => rows.reduce((s, r) => s + (typeof r[field] === 'number' ? r[field] : 0), 0);
  const episodes = sum('episodes');
  if (episodes === 0) return ['no alert episodes started in the window: receive Alertmanager webhooks (/hooks/alertmanager) or `pulse import alertmanager`'];
  const notes: string[] = [];
  const unknown = sum('unknown');
  if (unknown === episodes) {
    notes.push('no acknowledgement data in the window: the noise ratio is unknown; noise_lower_bound needs none (import alert_ack events or a PagerDuty incidents export)');
  } else if (unknown > 0) {
    notes.push(`${unknown} of ${episodes} episodes have no knowable outcome yet (open < 24 h, or no acknowledgement data): not in alert_noise_ratio`);
  }
  return notes;
}
