/**
 * Writes the demo world through the store writer, the same path collectors use: one transaction replaces the
 * previous demo data, then one transaction per day of telemetry, so an interrupted run leaves whole days and a
 * rerun converges to the same database.
 */
import type { Store } from '../store/db.ts';
import { StoreWriter } from '../store/writer.ts';
import { buildGpuPlan } from './gpu-plan.ts';
import { allocationRows, gpuInstanceRows, gpuMinuteColumns, gpuRows } from './gpu-rows.ts';
import { NAMESPACE_OWNERS, SERVICES, TEAMS } from './world.ts';
import { buildDemoTables } from './tables.ts';

export interface DemoOptions {
  seed: number;
  days: number;
  /** The demo ends here (epoch ms; it starts at the UTC midnight `days` days before this day). */
  end: number;
  onProgress?: (done: number, total: number, rows: number) => void;
  signal?: AbortSignal;
}

export interface DemoSummary {
  runId: string;
  rows: number;
  from: number;
  to: number;
  interrupted: boolean;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Demo time span in epoch minutes: [UTC midnight `days` days before the end day, end floored to the minute). */
export function demoSpan(days: number, end: number): { start: number; end: number } {
  const endMinute = Math.floor(end / MINUTE_MS);
  const startMs = Math.floor(end / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  return { start: startMs / MINUTE_MS, end: endMinute };
}

export async function generateDemo(store: Store, options: DemoOptions): Promise<DemoSummary> {
  const span = demoSpan(options.days, options.end);
  const plan = buildGpuPlan(options.seed, span.start, span.end);
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: 'demo', kind: 'demo', windowStart: span.start * MINUTE_MS, windowEnd: span.end * MINUTE_MS });
  const days = Math.ceil((span.end - span.start) / 1440);
  const total = days + 1;
  let rows = 0;
  let interrupted = false;
  try {
    await writer.transaction(async () => {
      await replaceDimensions(writer, plan);
      const tables = buildDemoTables(options.seed, span.start, span.end, plan);
      for (const [table, tableRows] of Object.entries(tables)) {
        await writer.execute(`DELETE FROM ${table} WHERE ${table === 'cost_line' ? 'x_source' : 'source'} = 'demo'`);
        rows += await writer.appendRows(table, tableRows);
      }
    });
    options.onProgress?.(1, total, rows);
    for (let d = 0; d < days; d++) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const from = span.start + d * 1440;
      const to = Math.min(from + 1440, span.end);
      // The first transaction removed every earlier demo minute, so each day is a plain append.
      rows += await writer.transaction(() => writer.append('gpu_minute', gpuMinuteColumns(plan, from, to)));
      options.onProgress?.(d + 2, total, rows);
    }
    await writer.finishRun(runId, interrupted ? { status: 'failed', rows, error: 'interrupted' } : { status: 'ok', rows });
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  return { runId, rows, from: span.start * MINUTE_MS, to: span.end * MINUTE_MS, interrupted };
}

/** Removes every row an earlier demo wrote and writes the dimension tables. */
async function replaceDimensions(writer: StoreWriter, plan: ReturnType<typeof buildGpuPlan>): Promise<void> {
  const uuids = [...new Set(plan.units.map((u) => u.uuid))];
  await writer.execute("DELETE FROM gpu_minute WHERE source = 'demo'");
  await writer.execute("DELETE FROM gpu_allocations WHERE source = 'demo'");
  await writer.execute('DELETE FROM gpu_instances WHERE list_contains($1::VARCHAR[], gpu_uuid)', [uuids]);
  await writer.execute('DELETE FROM gpus WHERE list_contains($1::VARCHAR[], gpu_uuid)', [uuids]);
  await writer.execute('DELETE FROM teams WHERE list_contains($1::VARCHAR[], team)', [TEAMS.map((t) => t.id)]);
  await writer.execute("DELETE FROM ownership_rules WHERE match_kind = 'namespace' AND list_contains($1::VARCHAR[], match_value)", [
    NAMESPACE_OWNERS.map((o) => o.namespace),
  ]);
  await writer.execute('DELETE FROM services WHERE list_contains($1::VARCHAR[], service)', [SERVICES.map((s) => s.name)]);
  await writer.appendRows('teams', TEAMS.map((t) => ({ team: t.id, display_name: t.name })));
  await writer.appendRows(
    'ownership_rules',
    NAMESPACE_OWNERS.map((o, i) => ({ priority: i + 1, match_kind: 'namespace', match_key: '', match_value: o.namespace, team: o.team, service: null })),
  );
  await writer.appendRows(
    'services',
    SERVICES.map((s) => ({ service: s.name, team: s.team, repository: `acme/${s.name}`, path_globs: null, kind: s.kind })),
  );
  await writer.appendRows('gpus', gpuRows(plan));
  await writer.appendRows('gpu_instances', gpuInstanceRows(plan));
  await writer.appendRows('gpu_allocations', allocationRows(plan));
}
