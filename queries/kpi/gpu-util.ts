/** `pulse kpi gpu-util` (METRICS.md, GPU). */
import { minuteStateParams, type KpiDefinition } from './definition.ts';

export const gpuUtil: KpiDefinition = {
  query: 'gpu-util',
  groupBy: ['cluster', 'node', 'model', 'team', 'namespace'],
  describe: 'GPU-hours observed, allocated, busy, idle, suspect and unobserved; mean activity and SM activity',
  params: (request, settings) => {
    const t = settings.gpuThresholds;
    return {
      from: request.from,
      to: request.to,
      group_by: request.groupBy ?? 'none',
      ...minuteStateParams(t),
    };
  },
  notes: (rows, request) => {
    const notes: string[] = [];
    if (rows.length === 0) notes.push('no GPUs were expected in the window: ingest GPU telemetry first');
    const sum = (field: string): number => rows.reduce((s, r) => s + (typeof r[field] === 'number' ? (r[field] as number) : 0), 0);
    const suspect = sum('suspect_gpu_hours');
    if (suspect > 0) {
      notes.push(`${round(suspect)} suspect GPU-hours: telemetry disagreed (profiling activity 0 on a busy GPU) or carried sentinel values`);
    }
    const unobserved = sum('unobserved_gpu_hours');
    if (unobserved > 0) notes.push(`${round(unobserved)} GPU-hours without telemetry are reported as unobserved, not idle`);
    if (request.groupBy === 'team' || request.groupBy === 'namespace') {
      notes.push(`time no pod held a GPU is reported under ${request.groupBy} null`);
    }
    return notes;
  },
};

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
