/** The shape of a KPI definition (queries/kpi/*.ts) and the settings they read. */
import type { KpiRequest, PlainRow } from '../contract.ts';
import type { QueryParams } from '../registry.ts';
import type { CostSettings } from './cost-settings.ts';

export interface GpuThresholds {
  idle_activity: number;
  idle_dram: number;
  idle_power_baseline_factor: number;
  idle_power_limit_share: number;
  suspect_util: number;
  suspect_power_share: number;
  /** idle-gpus: an idle episode is at least this many consecutive idle minutes. */
  min_idle_minutes: number;
  /** idle-gpus: an allocated idle episode is warm when its median memory used exceeds this (MiB)… */
  warm_memory_mib: number;
  /** …or this share of the unit's memory. */
  warm_memory_share: number;
}

export const DEFAULT_GPU_THRESHOLDS: GpuThresholds = {
  idle_activity: 0.05,
  idle_dram: 0.05,
  idle_power_baseline_factor: 1.3,
  idle_power_limit_share: 0.25,
  suspect_util: 0.5,
  suspect_power_share: 0.5,
  min_idle_minutes: 30,
  warm_memory_mib: 1024,
  warm_memory_share: 0.1,
};

/** The six thresholds of the minute classification (gpu_minute_state), as query parameters. */
export function minuteStateParams(t: GpuThresholds): Record<string, number> {
  return {
    idle_activity: t.idle_activity,
    idle_dram: t.idle_dram,
    idle_power_baseline_factor: t.idle_power_baseline_factor,
    idle_power_limit_share: t.idle_power_limit_share,
    suspect_util: t.suspect_util,
    suspect_power_share: t.suspect_power_share,
  };
}

export interface KpiSettings {
  gpuThresholds: GpuThresholds;
  /** The cost KPIs' settings (defaults: no rules, the price table, now). */
  cost?: CostSettings;
}

/**
 * A KPI-specific option of `pulse kpi` (e.g. `--median lower|interpolated`): the KPI declares it, the CLI and
 * the API validate it generically and pass it in KpiRequest.options; the KPI maps it to query parameters.
 */
export interface KpiOption {
  name: string;
  choices: readonly string[];
  default: string;
  description: string;
}

export interface KpiDefinition {
  /** The query file (queries/<id>.sql) whose rows the KPI returns. */
  query: string;
  groupBy: readonly string[];
  describe: string;
  params(request: KpiRequest, settings: KpiSettings): QueryParams;
  notes(rows: PlainRow[], request: KpiRequest): string[];
  /** Options of this KPI beyond --from/--to/--tz/--group-by/--format. */
  options?: readonly KpiOption[];
}

/** The value of a KPI option in a request, or its default. */
export function optionValue(request: KpiRequest, option: KpiOption): string {
  return request.options?.[option.name] ?? option.default;
}
