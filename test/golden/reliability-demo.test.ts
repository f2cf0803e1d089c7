/**
 * The demo world's SLO buckets and alert episodes through `pulse kpi slo` and `pulse kpi alert-noise`: the
 * ranker burn (4 % errors for two hours against a 99.9 % objective) pages and tickets when the windows say it
 * must, the other SLOs stay quiet, and each planted alert lands in its class.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoTables } from '../../collector/demo/tables.ts';
import { buildGpuPlan } from '../../collector/demo/gpu-plan.ts';
import { demoSpan } from '../../collector/demo/generate.ts';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';
import { StoreWriter } from '../../collector/store/writer.ts';
import type { KpiResult, PlainRow } from '../../queries/contract.ts';

const SEED = 5;
const DAYS = 30;
const END = Date.parse('2026-06-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BURN = Math.floor(END / DAY) * DAY - 8 * DAY + 13 * HOUR;

let engine: Engine;

async function kpi(name: string, groupBy: string | null = null): Promise<KpiResult> {
  return engine.kpi(name, { from: new Date(END - 30 * DAY).toISOString(), to: new Date(END).toISOString(), tz: 'UTC', groupBy });
}

beforeAll(async () => {
  const span = demoSpan(DAYS, END);
  const tables = buildDemoTables(SEED, span.start, span.end, buildGpuPlan(SEED, span.start, span.end));
  engine = await Engine.open(':memory:', DEFAULT_CONFIG);
  const writer = new StoreWriter(engine.store.connection);
  for (const table of ['slos', 'slo_buckets', 'alert_episodes', 'alert_acks']) await writer.appendRows(table, tables[table] ?? []);
});

afterAll(() => engine.close());

describe('the demo through pulse kpi slo', () => {
  it('pages and tickets on the ranker burn only', async () => {
    const result = await kpi('slo');
    expect(result.rows.map((r) => r['slo'])).toEqual(['asr/availability', 'embedder/availability', 'llm-chat/availability', 'ranker/availability', 'recommender/availability', 'vision-detect/availability']);
    const ranker = result.rows.find((r) => r['slo'] === 'ranker/availability') as PlainRow;
    // At 4 % (40 B) the 1h window passes 14.4 B with the fifth burning bucket; the 30m window clears 30 minutes
    // after the burn. The 1d window passes 3 B after about 18 buckets (traffic varies over the day).
    const alerts = ranker['alerts'] as PlainRow[];
    expect(alerts[0]).toEqual({ severity: 'page', start: new Date(BURN + 25 * MIN).toISOString(), end: new Date(BURN + 2 * HOUR + 30 * MIN).toISOString() });
    expect(alerts[1]?.['severity']).toBe('ticket');
    const ticket = Date.parse(String(alerts[1]?.['start']));
    expect(ticket).toBeGreaterThan(BURN + HOUR);
    expect(ticket).toBeLessThan(BURN + 2 * HOUR);
    expect(ranker['status']).toBe('ok');
    expect(ranker['budget_remaining_ratio'] as number).toBeLessThan(0.75);
    for (const row of result.rows.filter((r) => r['slo'] !== 'ranker/availability')) {
      expect(row['alerts']).toEqual([]);
      expect(row['status']).toBe('ok');
      expect(row['budget_remaining_ratio'] as number).toBeGreaterThan(0.75);
    }
  });
});

describe('the demo through pulse kpi alert-noise', () => {
  it('classifies the planted alerts', async () => {
    const rows = (await kpi('alert-noise', 'alertname')).rows;
    const by = (name: string): PlainRow => rows.find((r) => r['alertname'] === name) as PlainRow;
    expect(by('RankerErrorBudgetBurn')).toMatchObject({ episodes: 1, actionable: 1 });
    expect(by('DCGMExporterDown')).toMatchObject({ episodes: 1, actionable: 1 });
    expect(by('GPUAllocatedIdle')).toMatchObject({ episodes: 1, ignored: 1 });
    expect(by('GPUTemperatureHigh')).toMatchObject({ episodes: 1, unknown: 1 });
    const disk = by('NodeDiskPressure');
    expect(disk['actionable']).toBe(0);
    expect(disk['transient'] as number).toBeGreaterThan((disk['episodes'] as number) / 2);
    expect(disk['alert_noise_ratio']).toBe(1);
    const overall = (await kpi('alert-noise')).rows[0] as PlainRow;
    expect(overall['coverage'] as number).toBeGreaterThan(0.99);
    expect(overall['pages_per_shift'] as number).toBeGreaterThan(0);
  });
});
