/**
 * Pure builders from a panel spec and its rows to an ECharts option: the only place that knows ECharts' option
 * format. Unit-tested without a DOM.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { BarPanel, ChartPanel, PanelData, TimeseriesPanel, Unit } from '../../dashboards/spec.ts';
import type { PlainRow } from '../../queries/contract.ts';
import { formatAxis, formatValue } from '../format.ts';
import { THEME } from './theme.ts';

export type ChartOption = ComposeOption<LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export function toOption(panel: ChartPanel, data: PanelData): ChartOption {
  return panel.kind === 'timeseries' ? timeseriesOption(panel, data) : barOption(panel, data);
}

/** Axis labels are kept inside the grid rect, so long category names never spill out. */
const GRID: GridComponentOption = { top: 36, right: 16, bottom: 4, left: 4, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function base(unit: Unit): ChartOption {
  return {
    color: [...THEME.palette],
    backgroundColor: 'transparent',
    textStyle: { color: THEME.text, fontFamily: THEME.font },
    animationDuration: 300,
    legend: { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 4, textStyle: { color: THEME.text }, inactiveColor: THEME.axis },
    tooltip: {
      trigger: 'axis',
      // Drawn on the canvas: HTML tooltips carry inline style attributes, which the CSP (style-src 'self') blocks.
      renderMode: 'richText',
      backgroundColor: THEME.tooltipBackground,
      borderColor: THEME.axis,
      textStyle: { color: THEME.text },
      valueFormatter: (value) => formatValue(Array.isArray(value) ? value[0] : value, unit),
    },
  };
}

const valueAxis = (unit: Unit) => ({
  type: 'value' as const,
  min: 0,
  max: unit === 'ratio' ? 1 : undefined,
  axisLabel: { color: THEME.muted, formatter: (value: number) => formatAxis(value, unit) },
  splitLine: { lineStyle: { color: THEME.grid } },
});

/** One line per series field and split value (e.g. per cluster), on a time axis. */
export function timeseriesOption(panel: TimeseriesPanel, data: PanelData): ChartOption {
  const groups = new Map<string, PlainRow[]>();
  for (const row of data.rows) {
    const key = panel.split_by === undefined ? '' : String(row[panel.split_by] ?? 'unknown');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const unit = panel.series[0]?.unit ?? 'count';
  const series: LineSeriesOption[] = [...groups].flatMap(([group, rows]) =>
    panel.series.map((spec) => ({
      type: 'line' as const,
      name: group === '' ? spec.label : panel.series.length === 1 ? group : `${group} · ${spec.label}`,
      color: group === '' ? spec.color : undefined,
      showSymbol: false,
      symbolSize: 5,
      lineStyle: { width: 2 },
      emphasis: { focus: 'series' as const },
      data: rows.map((row): [number, number | null] => [Date.parse(String(row[panel.time])), num(row[spec.field])]),
    })),
  );
  return {
    ...base(unit),
    grid: GRID,
    xAxis: {
      type: 'time',
      axisLine: { lineStyle: { color: THEME.axis } },
      // Labels by the level of the tick: "Nov 20" at day ticks, "14:00" at hour ticks.
      axisLabel: { color: THEME.muted, hideOverlap: true, formatter: { year: '{yyyy}', month: '{MMM}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } },
      splitLine: { show: false },
    },
    yAxis: valueAxis(unit),
    series,
  };
}

/** One bar (or stack) per row, named by the category field; horizontal bars keep long names readable. */
export function barOption(panel: BarPanel, data: PanelData): ChartOption {
  const unit = panel.series[0]?.unit ?? 'count';
  const categoryAxis = {
    type: 'category' as const,
    data: data.rows.map((row) => String(row[panel.category] ?? 'unknown')),
    inverse: panel.horizontal,
    axisLine: { lineStyle: { color: THEME.axis } },
    axisTick: { show: false },
    axisLabel: { color: THEME.text },
  };
  const series: BarSeriesOption[] = panel.series.map((spec) => ({
    type: 'bar',
    name: spec.label,
    stack: panel.stacked ? 'total' : undefined,
    color: spec.color,
    barMaxWidth: 28,
    data: data.rows.map((row) => num(row[spec.field])),
  }));
  return {
    ...base(unit),
    tooltip: { ...base(unit).tooltip, axisPointer: { type: 'shadow' } },
    grid: GRID,
    xAxis: panel.horizontal ? valueAxis(unit) : categoryAxis,
    yAxis: panel.horizontal ? categoryAxis : valueAxis(unit),
    series,
  };
}

/** Series and data points of an option, for the chart's data attributes (what tests and tools can read). */
export function optionSize(option: ChartOption): { series: number; points: number } {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return { series: series.length, points: series.reduce((n, s) => n + (Array.isArray(s.data) ? s.data.length : 0), 0) };
}
