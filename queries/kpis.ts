/**
 * KPI definitions: how `pulse kpi NAME` options map to a registered query and how its rows are shaped into
 * the output contract. The numbers themselves come only from the SQL files.
 */
import type { KpiRequest, KpiResult, PlainRow, PlainValue } from './contract.ts';
import type { QueryParams, QueryRegistry } from './registry.ts';

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

interface KpiDefinition {
  query: string;
  groupBy: readonly string[];
  describe: string;
  params(request: KpiRequest, settings: KpiSettings): QueryParams;
  notes(rows: PlainRow[], request: KpiRequest): string[];
}

const definitions: Record<string, KpiDefinition> = {
  'gpu-util': {
    query: 'gpu-util',
    groupBy: ['cluster', 'node', 'model', 'team', 'namespace'],
    describe: 'GPU-hours observed, allocated, busy, idle, suspect and unobserved; mean activity and SM activity',
    params: (request, settings) => ({ from: request.from, to: request.to, group_by: request.groupBy ?? 'none', ...settings.gpuThresholds }),
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
  },
};

export function kpiNames(): string[] {
  return Object.keys(definitions);
}

export function kpiGroupBy(name: string): readonly string[] {
  return definition(name).groupBy;
}

/** The registered query a KPI runs (its columns, less group_key, are the KPI's row fields). */
export function kpiQuery(name: string): string {
  return definition(name).query;
}

export function kpiDescription(name: string): string {
  return definition(name).describe;
}

function definition(name: string): KpiDefinition {
  const found = definitions[name];
  if (!found) throw new Error(`unknown KPI ${name} (known: ${kpiNames().join(', ')})`);
  return found;
}

/** Runs a KPI and shapes the contract: the group column carries the --group-by name. */
export async function runKpi(registry: QueryRegistry, name: string, request: KpiRequest, settings: KpiSettings): Promise<KpiResult> {
  const def = definition(name);
  if (request.groupBy !== null && !def.groupBy.includes(request.groupBy)) {
    throw new RangeError(`--group-by ${request.groupBy} is not supported by ${name} (use one of ${def.groupBy.join(', ')})`);
  }
  const queryParams = def.params(request, settings);
  const raw = await registry.run(def.query, queryParams);
  const rows = raw.map((row) => {
    const { group_key: group, ...rest } = row;
    return request.groupBy === null ? rest : { [request.groupBy]: group ?? null, ...rest };
  });
  const params: Record<string, PlainValue> = { from: request.from, to: request.to, tz: request.tz, group_by: request.groupBy };
  for (const [key, value] of Object.entries(queryParams)) if (!(key in params) && key !== 'group_by') params[key] = value;
  return { kpi: name, params, rows, notes: def.notes(rows, request) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
