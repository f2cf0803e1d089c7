import { describe, expect, it } from 'vitest';
import { panelSchema, type StatPanel } from '../../dashboards/spec.ts';
import { toStats } from './stats.ts';

const panel = panelSchema.parse({
  kind: 'stat',
  title: 'Fleet',
  kpi: 'gpu-util',
  stats: [
    { field: 'gpus', label: 'GPUs', unit: 'count' },
    { field: 'observed_gpu_hours', label: 'Observed', unit: 'gpu_hours' },
    { field: 'idle_gpu_hours', label: 'Idle', unit: 'gpu_hours', share_of: 'observed_gpu_hours' },
    { field: 'activity_avg', label: 'Mean activity', unit: 'ratio' },
  ],
}) as StatPanel;

describe('toStats', () => {
  it('formats the first row with units and shares', () => {
    const data = { rows: [{ gpus: 72, observed_gpu_hours: 12000, idle_gpu_hours: 3000, activity_avg: 0.4123 }], notes: [] };
    expect(toStats(panel, data)).toEqual([
      { field: 'gpus', label: 'GPUs', value: '72', unit: '', caption: null },
      { field: 'observed_gpu_hours', label: 'Observed', value: '12,000', unit: 'GPU·h', caption: null },
      { field: 'idle_gpu_hours', label: 'Idle', value: '3,000', unit: 'GPU·h', caption: '25.0% of observed' },
      { field: 'activity_avg', label: 'Mean activity', value: '41.2', unit: '%', caption: null },
    ]);
  });

  it('shows dashes, not zeros, when there are no rows or values', () => {
    const tiles = toStats(panel, { rows: [], notes: [] });
    expect(tiles.map((t) => t.value)).toEqual(['—', '—', '—', '—']);
    expect(tiles[2]?.caption).toBeNull();
    expect(toStats(panel, { rows: [{ gpus: 2, observed_gpu_hours: 0, idle_gpu_hours: 0, activity_avg: null }], notes: [] })[2]?.caption).toBeNull();
  });
});
