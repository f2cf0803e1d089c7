/**
 * KPI definitions: how `pulse kpi NAME` options map to a registered query and how its rows are shaped into
 * the output contract. The numbers themselves come only from the SQL files. Each KPI lives in queries/kpi/.
 */
import type { KpiRequest, KpiResult, PlainValue } from './contract.ts';
import type { QueryRegistry } from './registry.ts';
import type { KpiDefinition, KpiOption, KpiSettings } from './kpi/definition.ts';
import { gpuUtil } from './kpi/gpu-util.ts';
import { dora } from './kpi/dora.ts';
import { delivery } from './kpi/delivery.ts';
import { idleGpus } from './kpi/idle-gpus.ts';
import { gpuSpend } from './kpi/gpu-spend.ts';
import { costPer1k } from './kpi/cost-per-1k.ts';
import { slo } from './kpi/slo.ts';
import { alertNoise } from './kpi/alert-noise.ts';

export type { KpiSettings };

const definitions: Record<string, KpiDefinition> = {
  'gpu-util': gpuUtil,
  dora,
  delivery,
  'idle-gpus': idleGpus,
  'gpu-spend': gpuSpend,
  'cost-per-1k': costPer1k,
  slo,
  'alert-noise': alertNoise,
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

/** The KPI-specific options a KPI accepts (see KpiOption). */
export function kpiOptions(name: string): readonly KpiOption[] {
  return definition(name).options ?? [];
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
  for (const [key, value] of Object.entries(request.options ?? {})) {
    const option = def.options?.find((o) => o.name === key);
    if (!option) throw new RangeError(`--${key} is not an option of ${name}`);
    if (!option.choices.includes(value)) throw new RangeError(`--${key}: expected one of ${option.choices.join(', ')}, got "${value}"`);
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
