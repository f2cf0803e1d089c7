/** The shape of a KPI definition (queries/kpi/*.ts) and the settings they read. */
import type { KpiRequest, PlainRow } from '../contract.ts';
import type { QueryParams } from '../registry.ts';

export interface GpuThresholds {
  idle_activity: number;
  idle_dram: number;
  idle_power_baseline_factor: number;
  idle_power_limit_share: number;
  suspect_util: number;
  suspect_power_share: number;
}

export const DEFAULT_GPU_THRESHOLDS: GpuThresholds = {
  idle_activity: 0.05,
  idle_dram: 0.05,
  idle_power_baseline_factor: 1.3,
  idle_power_limit_share: 0.25,
  suspect_util: 0.5,
  suspect_power_share: 0.5,
};

export interface KpiSettings {
  gpuThresholds: GpuThresholds;
}

export interface KpiDefinition {
  /** The query file (queries/<id>.sql) whose rows the KPI returns. */
  query: string;
  groupBy: readonly string[];
  describe: string;
  params(request: KpiRequest, settings: KpiSettings): QueryParams;
  notes(rows: PlainRow[], request: KpiRequest): string[];
}
