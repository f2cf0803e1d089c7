/**
 * Runs one panel of a validated dashboard: a KPI with its group_by, or a query with the panel's parameters plus
 * the ones the dashboard supplies (the time range and the configured GPU thresholds).
 */
import { DEFAULT_GPU_THRESHOLDS, type GpuThresholds } from '../queries/kpi/definition.ts';
import type { KpiRequest, KpiResult, PlainRow } from '../queries/contract.ts';
import type { QueryParams } from '../queries/registry.ts';
import { panelSource, type Dashboard, type PanelData, type TimeRange } from './spec.ts';
import { NotFoundError } from './errors.ts';

export interface PanelRunner {
  kpi(name: string, request: KpiRequest): Promise<KpiResult>;
  query(id: string, params: QueryParams): Promise<PlainRow[]>;
}

/** Query parameters a panel never names itself: they come from the time range and pulse.yaml. */
export const SUPPLIED_PARAMS: ReadonlySet<string> = new Set(['from', 'to', 'tz', ...Object.keys(DEFAULT_GPU_THRESHOLDS)]);

export async function runPanel(
  dashboard: Dashboard,
  panelName: string,
  range: TimeRange,
  runner: PanelRunner,
  thresholds: GpuThresholds,
): Promise<PanelData> {
  // hasOwn: a panel name from a URL must not reach Object.prototype ("constructor").
  const panel = Object.hasOwn(dashboard.panels, panelName) ? dashboard.panels[panelName] : undefined;
  if (!panel) throw new NotFoundError(`dashboard ${dashboard.id} has no panel "${panelName}"`);
  const source = panelSource(panel);
  if (source.kind === 'kpi') {
    const result = await runner.kpi(source.name, { from: range.from, to: range.to, tz: range.tz, groupBy: source.groupBy });
    return { rows: result.rows, notes: result.notes };
  }
  const rows = await runner.query(source.id, { ...thresholds, ...source.params, from: range.from, to: range.to, tz: range.tz });
  return { rows, notes: [] };
}
