import { describe, expect, it } from 'vitest';
import { DEFAULT_GPU_THRESHOLDS } from '../queries/kpi/definition.ts';
import type { KpiRequest } from '../queries/contract.ts';
import type { QueryParams } from '../queries/registry.ts';
import { NotFoundError } from './errors.ts';
import { runPanel, type PanelRunner } from './run.ts';
import { dashboardSchema } from './spec.ts';

const dashboard = dashboardSchema.parse({
  kind: 'Dashboard',
  version: 1,
  id: 'd',
  title: 'D',
  params: { range: '7d', ranges: ['7d'] },
  panels: {
    nodes: { kind: 'bar', title: 'Nodes', kpi: 'gpu-util', group_by: 'node', category: 'node', series: [{ field: 'gpus', label: 'GPUs', unit: 'count' }] },
    activity: {
      kind: 'timeseries',
      title: 'Activity',
      query: 'gpu-activity',
      params: { bucket: 'day' },
      time: 'bucket',
      series: [{ field: 'activity_avg', label: 'Activity', unit: 'ratio' }],
    },
  },
  layout: [{ panels: ['nodes', 'activity'] }],
});
const range = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-08T00:00:00.000Z', tz: 'Europe/Paris' };

function recorder(): { runner: PanelRunner; calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    runner: {
      kpi: (name: string, request: KpiRequest) => {
        calls.push({ kpi: name, request });
        return Promise.resolve({ kpi: name, params: {}, rows: [{ node: 'n1', gpus: 8 }], notes: ['a note'] });
      },
      query: (id: string, params: QueryParams) => {
        calls.push({ query: id, params });
        return Promise.resolve([{ bucket: range.from, activity_avg: 0.5 }]);
      },
    },
  };
}

describe('runPanel', () => {
  it('runs a KPI panel with the range and its group_by, keeping the notes', async () => {
    const { runner, calls } = recorder();
    expect(await runPanel(dashboard, 'nodes', range, runner, DEFAULT_GPU_THRESHOLDS)).toEqual({ rows: [{ node: 'n1', gpus: 8 }], notes: ['a note'] });
    expect(calls).toEqual([{ kpi: 'gpu-util', request: { ...range, groupBy: 'node' } }]);
  });

  it('runs a query panel with its params, the range and the thresholds', async () => {
    const { runner, calls } = recorder();
    const thresholds = { ...DEFAULT_GPU_THRESHOLDS, idle_activity: 0.1 };
    expect(await runPanel(dashboard, 'activity', range, runner, thresholds)).toEqual({ rows: [{ bucket: range.from, activity_avg: 0.5 }], notes: [] });
    expect(calls).toEqual([{ query: 'gpu-activity', params: { ...thresholds, bucket: 'day', ...range } }]);
  });

  it('rejects unknown panels, Object.prototype names included', async () => {
    const { runner } = recorder();
    await expect(runPanel(dashboard, 'missing', range, runner, DEFAULT_GPU_THRESHOLDS)).rejects.toThrow(NotFoundError);
    await expect(runPanel(dashboard, 'constructor', range, runner, DEFAULT_GPU_THRESHOLDS)).rejects.toThrow('has no panel "constructor"');
  });
});
