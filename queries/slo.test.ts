/**
 * `pulse kpi slo` on hand-made 5-minute buckets in an in-memory store: exact burn rates and budgets, null
 * windows, the multiwindow status with its period scaling, a calendar month in a zone, the alert backtest,
 * and the sloth and pyrra presets (METRICS.md, Reliability).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG } from '../collector/config/defaults.ts';
import { StoreWriter } from '../collector/store/writer.ts';
import type { KpiResult, PlainRow } from './contract.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = Date.parse('2026-03-31T00:00:00Z');

interface Slo {
  id: string;
  objective: number;
  period: string;
  tz?: string;
  unsupported?: string;
  /** Buckets ending in (T − back, T] are written; (bucket end − T, in ms ≤ 0) → [bad, total]. */
  back: number;
  bucket: (endMinusT: number) => [number, number] | null;
}

const SLOS: Slo[] = [
  // Burning at 100× for the last hour: pages and tickets at T.
  { id: 'a/burning', objective: 0.999, period: 'rolling:30d', back: 33 * DAY, bucket: (d) => [d > -HOUR && d <= 0 ? 100 : 0, 1000] },
  // No traffic in the last two hours: short windows are null, longer ones are not poisoned.
  { id: 'b/quiet', objective: 0.999, period: 'rolling:30d', back: 33 * DAY, bucket: (d) => (d > -2 * HOUR ? null : [1, 1000]) },
  // Nothing in the last 6 hours: no_data.
  { id: 'c/silent', objective: 0.999, period: 'rolling:30d', back: 33 * DAY, bucket: (d) => (d > -6 * HOUR ? null : [0, 10]) },
  // A calendar month in Paris, burning at 1.0325×: just above the 3d/6h ticket factor of a 743-hour month
  // (0.1 · 743 h ÷ 72 h = 1.0319; March 2026 in Paris has 743 hours, summer time starting on the 29th), below
  // that of a 744-hour one (1.0333).
  { id: 'd/calendar', objective: 0.99, period: 'calendar:month', tz: 'Europe/Paris', back: 40 * DAY, bucket: () => [1.0325, 100] },
  // Uneven traffic: the events-weighted ratio and sloth's mean of 5-minute ratios differ.
  { id: 'e/uneven', objective: 0.99, period: 'rolling:7d', back: 10 * DAY, bucket: (d) => (Math.round(d / (5 * MIN)) % 2 === 0 ? [9, 900] : [1, 10]) },
  // A 7-day SLO burning at 5× for the last 2 hours: pulse pages (factor 3.36); Sloth's 7d windows (8 %: 13.44) do not.
  { id: 'f/week', objective: 0.999, period: 'rolling:7d', back: 10 * DAY, bucket: (d) => [d > -2 * HOUR && d <= 0 ? 5 : 0, 1000] },
  // A 28-day SLO burning at 100× for the last 30 minutes (pyrra: 1h/5m ×14, firing after 2 minutes).
  { id: 'g/pyrra', objective: 0.999, period: 'rolling:28d', back: 31 * DAY, bucket: (d) => [d > -30 * MIN && d <= 0 ? 100 : 0, 1000] },
  // Loaded but not evaluable.
  { id: 'h/plugin', objective: 0.999, period: 'rolling:30d', unsupported: 'the SLI comes from a Sloth plugin', back: 0, bucket: () => null },
];

let engine: Engine;

async function kpi(options: { from?: number; to?: number; preset?: string } = {}): Promise<KpiResult> {
  const to = options.to ?? T;
  return engine.kpi('slo', {
    from: new Date(options.from ?? to - 30 * DAY).toISOString(),
    to: new Date(to).toISOString(),
    tz: 'UTC',
    groupBy: null,
    ...(options.preset ? { options: { preset: options.preset } } : {}),
  });
}

function row(result: KpiResult, id: string): PlainRow {
  const found = result.rows.find((r) => r['slo'] === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

function num(r: PlainRow, field: string): number {
  const v = r[field];
  if (typeof v !== 'number') throw new Error(`${field} is ${JSON.stringify(v)}`);
  return v;
}

beforeAll(async () => {
  engine = await Engine.open(':memory:', DEFAULT_CONFIG);
  const writer = new StoreWriter(engine.store.connection);
  await writer.appendRows(
    'slos',
    SLOS.map((s) => ({
      slo_id: s.id,
      service: s.id.split('/')[0],
      name: s.id.split('/')[1],
      objective: s.objective,
      period: s.period,
      period_tz: s.tz ?? 'UTC',
      spec_format: 'sloth',
      source: 'test',
      spec: { unsupported: s.unsupported ?? null },
      source_file: null,
    })),
  );
  const columns: Record<string, unknown[]> = { slo_id: [], bucket_start: [], bad: [], total: [], source: [] };
  for (const s of SLOS) {
    for (let end = T - s.back + 5 * MIN; end <= T + DAY; end += 5 * MIN) {
      const value = s.bucket(end - T);
      if (!value) continue;
      columns['slo_id']?.push(s.id);
      columns['bucket_start']?.push(end - 5 * MIN);
      columns['bad']?.push(value[0]);
      columns['total']?.push(value[1]);
      columns['source']?.push('test');
    }
  }
  await writer.append('slo_buckets', columns);
  // Sloth's example 7-day windows (examples/windows/7d.yaml).
  await writer.appendRows('slo_alert_windows', [
    {
      period_days: 7,
      page_quick_share: 0.08,
      page_quick_short_ms: 5 * MIN,
      page_quick_long_ms: HOUR,
      page_slow_share: 0.125,
      page_slow_short_ms: 30 * MIN,
      page_slow_long_ms: 6 * HOUR,
      ticket_quick_share: 0.2,
      ticket_quick_short_ms: 2 * HOUR,
      ticket_quick_long_ms: DAY,
      ticket_slow_share: 0.42,
      ticket_slow_short_ms: 6 * HOUR,
      ticket_slow_long_ms: 3 * DAY,
      source_file: '7d.yaml',
    },
  ]);
});

afterAll(() => engine.close());

describe('pulse kpi slo', () => {
  it('has every METRICS.md field, one row per SLO', async () => {
    const result = await kpi();
    expect(result.rows.map((r) => r['slo'])).toEqual(SLOS.map((s) => s.id).sort());
    for (const field of ['slo', 'service', 'objective', 'period', 'bad', 'total', 'error_ratio', 'budget_remaining_ratio', 'budget_remaining_events', 'time_to_exhaustion_s',
      'burn_rate_5m', 'burn_rate_30m', 'burn_rate_1h', 'burn_rate_2h', 'burn_rate_6h', 'burn_rate_1d', 'burn_rate_3d', 'burn_rate_period', 'status', 'alerts']) {
      expect(result.rows[0]).toHaveProperty(field);
    }
    expect(result.params).toMatchObject({ preset: 'pulse' });
  });

  it('computes burn rates over (T − w, T] from the buckets, exactly', async () => {
    const a = row(await kpi(), 'a/burning');
    // 12 buckets of 100 bad in 1000; B = 0.001.
    expect(num(a, 'burn_rate_5m')).toBeCloseTo(100, 9);
    expect(num(a, 'burn_rate_30m')).toBeCloseTo(100, 9);
    expect(num(a, 'burn_rate_1h')).toBeCloseTo(100, 9);
    expect(num(a, 'burn_rate_2h')).toBeCloseTo(50, 9);
    expect(num(a, 'burn_rate_6h')).toBeCloseTo(100 / 6, 9);
    expect(num(a, 'burn_rate_1d')).toBeCloseTo(100 / 24, 9);
    expect(num(a, 'burn_rate_3d')).toBeCloseTo(100 / 72, 9);
    expect(a['bad']).toBe(1200);
    expect(a['total']).toBe(30 * 288 * 1000);
    expect(num(a, 'error_ratio')).toBeCloseTo(1200 / 8_640_000, 12);
    expect(num(a, 'burn_rate_period')).toBeCloseTo(1200 / 8_640_000 / 0.001, 9);
    expect(num(a, 'budget_remaining_ratio')).toBeCloseTo(1 - 1200 / 8_640_000 / 0.001, 9);
    expect(num(a, 'budget_remaining_events')).toBeCloseTo(0.001 * 8_640_000 - 1200, 6);
    // Remaining share of the budget at the 1-hour burn: remaining · P ÷ BR(1h).
    expect(num(a, 'time_to_exhaustion_s')).toBeCloseTo(((1 - 1200 / 8640) * 30 * 86_400) / 100, 3);
  });

  it('leaves windows without traffic null without poisoning longer ones', async () => {
    const b = row(await kpi(), 'b/quiet');
    for (const w of ['5m', '30m', '1h', '2h']) expect(b[`burn_rate_${w}`]).toBeNull();
    expect(num(b, 'burn_rate_6h')).toBeCloseTo(1, 9);
    expect(num(b, 'burn_rate_3d')).toBeCloseTo(1, 9);
    expect(b['status']).toBe('ok');
    const c = row(await kpi(), 'c/silent');
    expect(c['status']).toBe('no_data');
    expect(c['burn_rate_6h']).toBeNull();
    expect(num(c, 'burn_rate_1d')).toBe(0);
  });

  it('pages on 1h and 5m above 14.4 B, tickets on 1d and 2h above 3 B, and backtests both', async () => {
    const a = row(await kpi(), 'a/burning');
    expect(a['status']).toBe('page');
    // The 1h ratio passes 14.4 B with the second burning bucket, the 1d ratio 3 B with the ninth.
    expect(a['alerts']).toEqual([
      { severity: 'page', start: new Date(T - 50 * MIN).toISOString(), end: null },
      { severity: 'ticket', start: new Date(T - 15 * MIN).toISOString(), end: null },
    ]);
    // Half an hour later the 30-minute window is clean too: the page ended then, the ticket goes on.
    const later = row(await kpi({ to: T + 30 * MIN, from: T - DAY }), 'a/burning');
    expect(later['status']).toBe('ticket');
    expect(later['alerts']).toEqual([
      { severity: 'page', start: new Date(T - 50 * MIN).toISOString(), end: new Date(T + 30 * MIN).toISOString() },
      { severity: 'ticket', start: new Date(T - 15 * MIN).toISOString(), end: null },
    ]);
  });

  it('scales the factors with the period: a 7-day SLO pages at 5×', async () => {
    const f = row(await kpi(), 'f/week');
    expect(f['status']).toBe('page');
  });

  it('reads a calendar month in its zone', async () => {
    const d = row(await kpi({ to: Date.parse('2026-03-15T12:00:00Z') }), 'd/calendar');
    expect(d['period_start']).toBe('2026-02-28T23:00:00.000Z');
    expect(d['period_tz']).toBe('Europe/Paris');
    const buckets = (Date.parse('2026-03-15T12:00:00Z') - Date.parse('2026-02-28T23:00:00Z')) / (5 * MIN);
    expect(d['total']).toBe(buckets * 100);
    expect(num(d, 'error_ratio')).toBeCloseTo(0.010325, 12);
    expect(num(d, 'budget_remaining_ratio')).toBeCloseTo(-0.0325, 9);
    expect(num(d, 'budget_remaining_events')).toBeCloseTo(-0.0325 * buckets, 6);
    expect(num(d, 'time_to_exhaustion_s')).toBe(0);
    expect(d['status']).toBe('ticket');
  });

  it('gives null with a reason for an SLO it cannot evaluate, and for one without buckets', async () => {
    const h = row(await kpi(), 'h/plugin');
    expect(h['status']).toBeNull();
    expect(h['error_ratio']).toBeNull();
    expect(h['reason']).toBe('the SLI comes from a Sloth plugin');
    const early = row(await kpi({ to: T - 40 * DAY }), 'a/burning');
    expect(early['reason']).toMatch(/no SLI buckets in the period/);
    expect(early['error_ratio']).toBeNull();
  });

  it('sloth: the period ratio is the mean of the 5-minute ratios; Sloth AlertWindows for the period apply', async () => {
    const pulse = row(await kpi(), 'e/uneven');
    const sloth = row(await kpi({ preset: 'sloth' }), 'e/uneven');
    expect(num(pulse, 'error_ratio')).toBeCloseTo(10 / 910, 9);
    expect(num(sloth, 'error_ratio')).toBeCloseTo(0.055, 9);
    expect(row(await kpi({ preset: 'sloth' }), 'f/week')['status']).toBe('ok');
  });

  it('pyrra: windows scale with the period, fixed factors, and the `for` delay', async () => {
    const g = row(await kpi({ preset: 'pyrra' }), 'g/pyrra');
    expect(g['status']).toBe('page');
    // 1h window above 14 B from the second burning bucket (T − 20m); `for` 2m waits one more step.
    const alerts = g['alerts'] as PlainRow[];
    expect(alerts[0]).toEqual({ severity: 'page', start: new Date(T - 15 * MIN).toISOString(), end: null });
    const pulse = row(await kpi(), 'g/pyrra')['alerts'] as PlainRow[];
    expect(pulse[0]).toEqual({ severity: 'page', start: new Date(T - 20 * MIN).toISOString(), end: null });
  });
});
