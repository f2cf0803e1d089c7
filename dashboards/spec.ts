/**
 * The dashboard file format (version 1) and the values the engine returns for it. Pure zod and types, no Node
 * imports: the renderer imports it as well as the loader.
 *
 *   kind: Dashboard
 *   version: 1
 *   id: gpu-fleet                        (the file name without .yaml)
 *   title: GPU fleet
 *   params: { range: 7d, ranges: [24h, 7d, 30d, 90d] }
 *   panels:                              (name → panel; a panel reads `kpi` + `group_by`, or `query` + `params`)
 *     summary: { kind: stat, title: …, kpi: gpu-util, stats: [{ field: gpus, label: GPUs, unit: count }] }
 *   layout:                              (rows of panel names, left to right)
 *     - panels: [summary]
 */
import { z } from 'zod';
import type { PlainRow } from '../queries/contract.ts';

export const DASHBOARD_VERSION = 1;

/** Display units of a number: counts, ratios (0..1, shown as percent) and GPU-hours. */
export const UNITS = ['count', 'ratio', 'gpu_hours'] as const;
export type Unit = (typeof UNITS)[number];

const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lowercase name such as gpu_fleet or busy-share');
const fieldName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name such as busy_gpu_hours');
const duration = z.string().regex(/^[1-9]\d*[hdw]$/, 'a duration such as 24h, 7d or 4w');
const color = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour such as #22c55e');
const text = z.string().min(1);

const series = z
  .object({
    field: fieldName,
    label: text,
    unit: z.enum(UNITS),
    color: color.optional(),
  })
  .strict();

const stat = z
  .object({
    field: fieldName,
    label: text,
    unit: z.enum(UNITS),
    /** Shows the value as a share of another field of the same row too (busy hours as % of observed hours). */
    share_of: fieldName.optional(),
  })
  .strict();

/** Where a panel's rows come from: a KPI (METRICS.md) or a registered query. */
const source = {
  kpi: name.optional(),
  group_by: fieldName.optional(),
  query: name.optional(),
  params: z.record(fieldName, z.union([z.string(), z.number(), z.boolean()])).optional(),
};

const common = {
  title: text,
  description: text.optional(),
  ...source,
};

function checkSource(panel: { kpi?: string; group_by?: string; query?: string; params?: object }, ctx: z.RefinementCtx): void {
  if ((panel.kpi === undefined) === (panel.query === undefined)) {
    ctx.addIssue({ code: 'custom', path: panel.kpi === undefined ? [] : ['query'], message: 'either kpi: NAME or query: ID (exactly one)' });
  }
  if (panel.group_by !== undefined && panel.kpi === undefined) ctx.addIssue({ code: 'custom', path: ['group_by'], message: 'no group_by on a query: panel (group_by belongs to kpi:)' });
  if (panel.params !== undefined && panel.query === undefined) ctx.addIssue({ code: 'custom', path: ['params'], message: 'no params on a kpi: panel (a KPI takes group_by)' });
}

const statPanel = z
  .object({ kind: z.literal('stat'), ...common, stats: z.array(stat).min(1) })
  .strict()
  .superRefine(checkSource);

const timeseriesPanel = z
  .object({
    kind: z.literal('timeseries'),
    ...common,
    /** The column holding the bucket start (ISO timestamp). */
    time: fieldName,
    /** One line per distinct value of this column (e.g. cluster). */
    split_by: fieldName.optional(),
    series: z.array(series).min(1),
  })
  .strict()
  .superRefine(checkSource);

const barPanel = z
  .object({
    kind: z.literal('bar'),
    ...common,
    /** The column naming each bar. */
    category: fieldName,
    stacked: z.boolean().default(false),
    /** Bars along the x axis, names down the side: for many or long category names. */
    horizontal: z.boolean().default(false),
    series: z.array(series).min(1),
  })
  .strict()
  .superRefine(checkSource);

export const panelSchema = z.discriminatedUnion('kind', [statPanel, timeseriesPanel, barPanel]);

const row = z
  .object({
    panels: z.array(name).min(1),
    /** Chart height in pixels (stat rows size themselves). */
    height: z.number().int().min(120).max(1200).optional(),
  })
  .strict();

export const dashboardSchema = z
  .object({
    kind: z.literal('Dashboard'),
    version: z.literal(DASHBOARD_VERSION),
    id: name,
    title: text,
    description: text.optional(),
    params: z
      .object({
        /** The time range shown first, one of `ranges`. */
        range: duration,
        /** The ranges offered besides a custom from/to. */
        ranges: z.array(duration).min(1),
      })
      .strict(),
    panels: z.record(name, panelSchema),
    layout: z.array(row).min(1),
  })
  .strict();

export type Dashboard = z.infer<typeof dashboardSchema>;
export type Panel = z.infer<typeof panelSchema>;
export type StatPanel = Extract<Panel, { kind: 'stat' }>;
export type TimeseriesPanel = Extract<Panel, { kind: 'timeseries' }>;
export type BarPanel = Extract<Panel, { kind: 'bar' }>;
export type ChartPanel = TimeseriesPanel | BarPanel;

export type PanelSource =
  | { kind: 'kpi'; name: string; groupBy: string | null }
  | { kind: 'query'; id: string; params: Record<string, string | number | boolean> };

/** The source of a validated panel (the schema guarantees exactly one of kpi / query). */
export function panelSource(panel: Panel): PanelSource {
  if (panel.kpi !== undefined) return { kind: 'kpi', name: panel.kpi, groupBy: panel.group_by ?? null };
  return { kind: 'query', id: panel.query ?? '', params: panel.params ?? {} };
}

/** A resolved time window: ISO instants (UTC), from inclusive, to exclusive, and the zone buckets align to. */
export interface TimeRange {
  from: string;
  to: string;
  tz: string;
}

export interface DashboardSummary {
  id: string;
  title: string;
  description: string | null;
}

/** The dashboards that load, and a line per problem in those that do not (file:line: path: message). */
export interface DashboardList {
  dashboards: DashboardSummary[];
  problems: string[];
}

/** A panel's rows, as the KPI or query returned them, with the KPI's notes. */
export interface PanelData {
  rows: PlainRow[];
  notes: string[];
}
