import { describe, expect, it } from 'vitest';
import { panelSchema, type BarPanel, type TimeseriesPanel } from '../../dashboards/spec.ts';
import { barOption, optionSize, timeseriesOption, toOption } from './options.ts';

const timeseries = panelSchema.parse({
  kind: 'timeseries',
  title: 'Activity',
  query: 'gpu-activity',
  params: { bucket: 'auto' },
  time: 'bucket',
  split_by: 'cluster',
  series: [{ field: 'activity_avg', label: 'Mean activity', unit: 'ratio' }],
}) as TimeseriesPanel;

const bar = panelSchema.parse({
  kind: 'bar',
  title: 'Nodes',
  kpi: 'gpu-util',
  group_by: 'node',
  category: 'node',
  stacked: true,
  horizontal: true,
  series: [
    { field: 'busy_gpu_hours', label: 'Busy', unit: 'gpu_hours', color: '#4ade80' },
    { field: 'idle_gpu_hours', label: 'Idle', unit: 'gpu_hours', color: '#fbbf24' },
  ],
}) as BarPanel;

const activityRows = [
  { bucket: '2026-11-01T00:00:00.000Z', cluster: 'a', activity_avg: 0.5 },
  { bucket: '2026-11-01T00:00:00.000Z', cluster: 'b', activity_avg: 0.25 },
  { bucket: '2026-11-01T01:00:00.000Z', cluster: 'a', activity_avg: null },
  { bucket: '2026-11-01T01:00:00.000Z', cluster: 'b', activity_avg: 0.3 },
];

describe('timeseriesOption', () => {
  it('draws one line per split value on a time axis, gaps for nulls, a 0..100% axis for ratios', () => {
    const option = timeseriesOption(timeseries, { rows: activityRows, notes: [] });
    expect(option.xAxis).toMatchObject({ type: 'time' });
    expect(option.yAxis).toMatchObject({ type: 'value', min: 0, max: 1 });
    expect(option.series).toEqual([
      expect.objectContaining({ type: 'line', name: 'a', data: [[Date.parse('2026-11-01T00:00:00Z'), 0.5], [Date.parse('2026-11-01T01:00:00Z'), null]] }),
      expect.objectContaining({ type: 'line', name: 'b', data: [[Date.parse('2026-11-01T00:00:00Z'), 0.25], [Date.parse('2026-11-01T01:00:00Z'), 0.3]] }),
    ]);
    expect(optionSize(option)).toEqual({ series: 2, points: 4 });
  });

  it('formats tooltip values and axis labels with the unit', () => {
    const option = timeseriesOption(timeseries, { rows: activityRows, notes: [] });
    const tooltip = option.tooltip as { valueFormatter: (v: number) => string };
    expect(tooltip.valueFormatter(0.256)).toBe('25.6%');
    const axis = option.yAxis as { axisLabel: { formatter: (v: number) => string } };
    expect(axis.axisLabel.formatter(0.5)).toBe('50%');
  });

  it('names lines by series label without split_by, and by both with several series', () => {
    const single = timeseriesOption({ ...timeseries, split_by: undefined }, { rows: activityRows, notes: [] });
    expect(optionSize(single)).toEqual({ series: 1, points: 4 });
    expect((single.series as { name: string }[])[0]?.name).toBe('Mean activity');
    const two = { ...timeseries, series: [...timeseries.series, { field: 'busy_share', label: 'Busy', unit: 'ratio' as const }] };
    expect((timeseriesOption(two, { rows: activityRows, notes: [] }).series as { name: string }[]).map((s) => s.name)).toEqual([
      'a · Mean activity',
      'a · Busy',
      'b · Mean activity',
      'b · Busy',
    ]);
  });
});

describe('barOption', () => {
  const rows = [
    { node: 'n1', busy_gpu_hours: 10, idle_gpu_hours: 2 },
    { node: 'n2', busy_gpu_hours: 4, idle_gpu_hours: null },
  ];

  it('stacks the series per category with their colours, categories down the side when horizontal', () => {
    const option = barOption(bar, { rows, notes: [] });
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['n1', 'n2'], inverse: true });
    expect(option.xAxis).toMatchObject({ type: 'value', min: 0 });
    expect(option.series).toEqual([
      expect.objectContaining({ type: 'bar', name: 'Busy', stack: 'total', color: '#4ade80', data: [10, 4] }),
      expect.objectContaining({ type: 'bar', name: 'Idle', stack: 'total', color: '#fbbf24', data: [2, null] }),
    ]);
    const tooltip = option.tooltip as { valueFormatter: (v: number) => string };
    expect(tooltip.valueFormatter(1234.5)).toBe('1,235 GPU·h');
  });

  it('puts categories on the x axis when vertical and does not stack unless asked', () => {
    const option = toOption({ ...bar, horizontal: false, stacked: false }, { rows, notes: [] });
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['n1', 'n2'] });
    expect((option.series as { stack?: string }[]).map((s) => s.stack)).toEqual([undefined, undefined]);
  });
});
