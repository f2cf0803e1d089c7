/**
 * Golden test of `idle-gpus`: the expected episodes are computed here from the demo generator's plan, minute by
 * minute and holder by holder, without SQL, and compared with the rows the query returns on the database the demo
 * wrote. Prices follow METRICS.md (Cost), computed here from the raw cost lines and price list rows. Then idle-gpus
 * and gpu-spend must agree: gpu-spend's idle GPU-hours and idle cost of a window are the parts of idle-gpus'
 * episodes inside it, at the price idle-gpus shows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { generateDemo, demoSpan } from '../../collector/demo/generate.ts';
import { buildGpuPlan, type Allocation, type GpuPlan, type Segment, type Unit } from '../../collector/demo/gpu-plan.ts';
import { minuteValues } from '../../collector/demo/gpu-minutes.ts';
import { MIG_LAYOUT, MODELS, NAMESPACE_OWNERS } from '../../collector/demo/world.ts';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';
import type { KpiResult, PlainRow } from '../../queries/contract.ts';
import { tempDir } from '../helpers.ts';

const SEED = 3;
const DAYS = 24;
const END = Date.parse('2026-11-20T15:30:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const MIN_MINUTES = 30;

/** Minute states as the query classifies them; null: no row (an exporter gap). */
type State = 'busy' | 'idle' | 'suspect' | null;
const STATE: Record<Segment['state'], State> = { busy: 'busy', idle: 'idle', stuck: 'suspect', sentinel: 'suspect', gap: null };
const teamOf = new Map(NAMESPACE_OWNERS.map((o) => [o.namespace, o.team as string]));

interface Expected {
  unit: Unit;
  alloc: Allocation | null;
  start: number;
  end: number;
  class: string;
  ongoing: boolean;
  gpuHours: number;
  memMedian: number;
}

interface UnitTimeline {
  unit: Unit;
  states: State[];
  segmentAt: Segment[];
}

function timeline(plan: GpuPlan, unit: Unit): UnitTimeline {
  const length = plan.end - unit.firstSeen;
  const states = new Array<State>(length).fill(null);
  const segmentAt = new Array<Segment>(length);
  for (const s of plan.segments.get(unit.key) ?? []) {
    for (let m = Math.max(s.start, unit.firstSeen); m < Math.min(s.end, plan.end); m++) {
      states[m - unit.firstSeen] = STATE[s.state];
      segmentAt[m - unit.firstSeen] = s;
    }
  }
  return { unit, states, segmentAt };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function unitMemoryMib(unit: Unit): number {
  return unit.instance === '' ? MODELS[unit.modelKey].memoryMib : (MIG_LAYOUT.find((m) => m.instance === unit.instance)?.memoryMib ?? 0);
}

/**
 * Runs of consecutive idle minutes of one holder (an allocation, or nobody) on one unit: a missing minute, a non-idle
 * minute or the holder letting go (or, for nobody, any pod taking the unit) ends a run.
 */
function holderRuns(t: UnitTimeline, holds: (m: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  let start: number | null = null;
  const first = t.unit.firstSeen;
  for (let m = first; m <= first + t.states.length; m++) {
    const ok = m < first + t.states.length && t.states[m - first] === 'idle' && holds(m);
    if (ok && start === null) start = m;
    if (!ok && start !== null) {
      runs.push([start, m]);
      start = null;
    }
  }
  return runs;
}

/** The episodes METRICS.md defines with a minute in [from, to) (epoch ms), straight from the plan. */
function expectedFromPlan(plan: GpuPlan, from: number, to: number): { episodes: Expected[]; shortRuns: { unit: Unit; start: number; end: number }[] } {
  const timelines = new Map(plan.units.map((u) => [u.key, timeline(plan, u)]));
  const holding = (a: Allocation, m: number): boolean => a.start <= m && (a.end === null || m < a.end);
  const episodes: Expected[] = [];
  const shortRuns: { unit: Unit; start: number; end: number }[] = [];
  for (const u of plan.units) {
    const t = timelines.get(u.key) as UnitTimeline;
    const allocs = plan.allocations.filter((a) => a.unitKey === u.key);
    const holders: (Allocation | null)[] = [null, ...allocs];
    for (const alloc of holders) {
      const runs = holderRuns(t, alloc === null ? (m) => !allocs.some((a) => holding(a, m)) : (m) => holding(alloc, m));
      for (const [start, end] of runs) {
        if ((end - 1) * MIN < from || start * MIN >= to) continue;
        if (end - start < MIN_MINUTES) {
          shortRuns.push({ unit: u, start, end });
          continue;
        }
        const mems: number[] = [];
        for (let m = start; m < end; m++) mems.push(minuteValues(u, t.segmentAt[m - u.firstSeen] as Segment, m).memUsedMib);
        const memMedian = median(mems);
        let cls: string;
        if (alloc === null) cls = 'unallocated';
        else if (alloc.podGpus > 1 && siblingBusy(plan, timelines, alloc, start, end)) cls = 'partial';
        else if (memMedian > Math.min(1024, 0.1 * unitMemoryMib(u))) cls = 'warm';
        else cls = 'allocated';
        episodes.push({
          unit: u,
          alloc,
          start,
          end,
          class: cls,
          ongoing: end === plan.end && (alloc === null || alloc.end === null),
          gpuHours: ((end - start) / 60) * u.share * (alloc?.share ?? 1),
          memMedian,
        });
      }
    }
  }
  return { episodes, shortRuns };
}

/** Another GPU of the same pod (same namespace and pod, held at the same time) had a busy minute in [start, end). */
function siblingBusy(plan: GpuPlan, timelines: Map<string, UnitTimeline>, alloc: Allocation, start: number, end: number): boolean {
  return plan.allocations.some((b) => {
    if (b === alloc || b.unitKey === alloc.unitKey || b.namespace !== alloc.namespace || b.pod !== alloc.pod) return false;
    const t = timelines.get(b.unitKey) as UnitTimeline;
    const lo = Math.max(start, b.start);
    const hi = Math.min(end, b.end ?? Infinity);
    for (let m = lo; m < hi; m++) if (t.states[m - t.unit.firstSeen] === 'busy') return true;
    return false;
  });
}

interface ListPrice {
  instanceType: string;
  region: string;
  model: string;
  gpus: number;
  pricePerHour: number;
  currency: string;
  asOf: string;
}

interface CostLine {
  cluster: string | null;
  model: string;
  start: number;
  cost: number;
  gpuHours: number | null;
  currency: string;
}

interface GpuHourPrice {
  perGpuHour: number;
  currency: string;
  source: string;
}

const HOURS = new Set(['hours', 'hour', 'hrs', 'hr']);

/**
 * The GPU-hour price of a cluster and model for the window [from, to) (METRICS.md, Cost): EffectiveCost ÷ GPU-hours of
 * the GPU Usage lines of the pair that start in the window; else the price list: the per-GPU price of the model's
 * instance type with the most GPUs, us-east-1 first, the newest as_of on or before the window's last day (else the
 * oldest). null without either.
 */
function priceOf(lines: CostLine[], list: ListPrice[], cluster: string, model: string, from: number, to: number): GpuHourPrice | null {
  const billed = lines.filter((l) => l.cluster === cluster && l.model === model && l.start >= from && l.start < to && (l.gpuHours ?? 0) > 0);
  if (billed.length > 0 && new Set(billed.map((l) => l.currency)).size === 1) {
    const cost = billed.reduce((sum, l) => sum + l.cost, 0);
    const hours = billed.reduce((sum, l) => sum + (l.gpuHours ?? 0), 0);
    return { perGpuHour: cost / hours, currency: billed[0]?.currency ?? '', source: 'cost_data' };
  }
  const lastDay = new Date(to - 1).toISOString().slice(0, 10);
  const inForce = (p: ListPrice): boolean => p.asOf <= lastDay;
  const [best] = list
    .filter((p) => p.model === model && p.gpus > 0)
    .sort(
      (a, b) =>
        b.gpus - a.gpus ||
        Number(b.region === 'us-east-1') - Number(a.region === 'us-east-1') ||
        Number(inForce(b)) - Number(inForce(a)) ||
        (inForce(a) ? b.asOf.localeCompare(a.asOf) : a.asOf.localeCompare(b.asOf)) ||
        a.instanceType.localeCompare(b.instanceType),
    );
  return best ? { perGpuHour: best.pricePerHour / best.gpus, currency: best.currency, source: `gpu_price:${best.instanceType}@${best.asOf}` } : null;
}

const iso = (minute: number): string => new Date(minute * MIN).toISOString();
const keyOfRow = (r: PlainRow): string => `${String(r['gpu_uuid'])}/${String(r['gpu_instance'] ?? '')}/${String(r['start'])}/${String(r['pod'] ?? '')}`;
const keyOfExpected = (e: Expected): string => `${e.unit.uuid}/${e.unit.instance}/${iso(e.start)}/${e.alloc?.pod ?? ''}`;

describe('idle-gpus golden episodes from the demo plan', () => {
  let engine: Engine;
  let plan: GpuPlan;
  let list: ListPrice[];
  let lines: CostLine[];

  beforeAll(async () => {
    const file = join(tempDir(), 'golden-idle.duckdb');
    const store = await openStore(file);
    await generateDemo(store, { seed: SEED, days: DAYS, end: END });
    store.close();
    const span = demoSpan(DAYS, END);
    plan = buildGpuPlan(SEED, span.start, span.end);
    engine = await Engine.open(file, DEFAULT_CONFIG);
    // The raw rows, as stored: the price rule is applied here, not in SQL.
    const listRows = await engine.store.connection.runAndReadAll(
      'SELECT instance_type, region, gpu_model, gpus_per_instance, price_per_hour::DOUBLE, currency, as_of::VARCHAR FROM gpu_price',
    );
    list = listRows.getRows().map(([instanceType, region, model, gpus, pricePerHour, currency, asOf]) => ({
      instanceType: String(instanceType),
      region: String(region),
      model: String(model),
      gpus: Number(gpus),
      pricePerHour: Number(pricePerHour),
      currency: String(currency),
      asOf: String(asOf),
    }));
    const lineRows = await engine.store.connection.runAndReadAll(
      `SELECT x_cluster, x_gpu_model, epoch_ms(ChargePeriodStart), EffectiveCost::DOUBLE, x_gpus_per_instance, PricingUnit,
              PricingQuantity::DOUBLE, ChargeCategory, CommitmentDiscountStatus, BillingCurrency
       FROM cost_line WHERE x_gpu_model IS NOT NULL`,
    );
    lines = lineRows.getRows().map(([cluster, model, start, cost, gpus, unit, quantity, category, commitment, currency]) => ({
      cluster: cluster === null ? null : String(cluster),
      model: String(model),
      start: Number(start),
      cost: Number(cost),
      gpuHours:
        category === 'Usage' && commitment !== 'Unused' && HOURS.has(String(unit).toLowerCase()) ? Number(gpus) * Number(quantity) : null,
      currency: String(currency),
    }));
  });
  afterAll(() => engine.close());

  const run = (from: number, to: number): Promise<KpiResult> =>
    engine.kpi('idle-gpus', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz: 'UTC', groupBy: null });

  /** Compares every row with the plan's episodes, field by field; returns the expectation for further checks. */
  async function matchesPlan(from: number, to: number): Promise<{ result: KpiResult; expected: ReturnType<typeof expectedFromPlan> }> {
    const result = await run(from, to);
    const expected = expectedFromPlan(plan, from, to);
    const byKey = new Map(expected.episodes.map((e) => [keyOfExpected(e), e]));
    expect(result.rows.map(keyOfRow).sort()).toEqual([...byKey.keys()].sort());
    for (const row of result.rows) {
      const e = byKey.get(keyOfRow(row)) as Expected;
      const what = keyOfRow(row);
      expect(row['node'], what).toBe(e.unit.node);
      expect(row['cluster'], what).toBe(e.unit.cluster);
      expect(row['model'], what).toBe(MODELS[e.unit.modelKey].model);
      expect(row['gpu_instance'], what).toBe(e.unit.instance === '' ? null : e.unit.instance);
      expect(row['start'], what).toBe(iso(e.start));
      expect(row['end'], what).toBe(e.ongoing ? null : iso(e.end));
      expect(row['idle_minutes'], what).toBe(e.end - e.start);
      expect(row['class'], what).toBe(e.class);
      expect(row['namespace'], what).toBe(e.alloc?.namespace ?? null);
      expect(row['pod'], what).toBe(e.alloc?.pod ?? null);
      expect(row['team'], what).toBe(e.alloc ? (teamOf.get(e.alloc.namespace) ?? null) : null);
      expect(row['gpu_hours'] as number, what).toBeCloseTo(e.gpuHours, 3);
      const evidence = row['evidence'] as Record<string, unknown>;
      const price = priceOf(lines, list, e.unit.cluster, MODELS[e.unit.modelKey].model, from, to);
      if (price === null) {
        expect(row['cost'], what).toBeNull();
        expect(row['currency'], what).toBeNull();
        expect(evidence['price'], what).toHaveProperty('missing');
      } else {
        expect(Number(row['cost']), what).toBeCloseTo(e.gpuHours * price.perGpuHour, 4);
        expect(row['currency'], what).toBe(price.currency);
        expect((evidence['price'] as Record<string, unknown>)['source'], what).toBe(price.source);
      }
      expect(evidence['mem_used_mib_median'] as number, what).toBeCloseTo(e.memMedian, 6);
      expect(evidence['mig_profile'], what).toBe(e.unit.migProfile);
    }
    // Chronological, then by place: deterministic order.
    const starts = result.rows.map((r) => String(r['start']));
    expect(starts).toEqual([...starts].sort());
    return { result, expected };
  }

  it('matches the plan in a window that cuts episodes at both ends, with every class', async () => {
    const from = Date.parse('2026-11-06T00:00:00Z');
    const to = Date.parse('2026-11-16T00:00:00Z');
    const { result, expected } = await matchesPlan(from, to);
    const classes = new Set(result.rows.map((r) => r['class']));
    expect([...classes].sort()).toEqual(['allocated', 'partial', 'unallocated', 'warm']);
    // Reported whole: some episodes began before --from and some end after --to.
    expect(result.rows.some((r) => Date.parse(String(r['start'])) < from)).toBe(true);
    expect(result.rows.some((r) => r['end'] !== null && Date.parse(String(r['end'])) > to)).toBe(true);
    expect(result.params).toMatchObject({ min_minutes: 30, warm_memory_mib: 1024, warm_memory_share: 0.1, idle_activity: 0.05 });
    expect(result.notes[0]).toMatch(/^\d+ idle episodes, [\d.]+ idle GPU-hours: partial \d+/);
    // The window's cost data prices every cluster and model (also L4, whose price list has several sizes).
    expect(result.rows.every((r) => r['cost'] !== null && (r['evidence'] as { price: { source: string } }).price.source === 'cost_data')).toBe(true);
    expect(result.notes.some((n) => /^cost: .*\(from cost_data\)$/.test(n))).toBe(true);

    // The forgotten notebook: three idle days split by a 20-minute burst, nothing else of its unit is held.
    const alice = result.rows.filter((r) => r['pod'] === 'jupyter-alice');
    expect(alice.map((r) => [r['class'], r['idle_minutes']])).toEqual([
      ['allocated', 120],
      ['allocated', 3 * 1440 - 140],
    ]);
    // The warm canary holds 61 GB; the 4-GPU job leaves two GPUs idle while two train; the MIG notebook is a slice.
    expect(result.rows.filter((r) => r['pod'] === 'llm-chat-canary-0').every((r) => r['class'] === 'warm')).toBe(true);
    const ddp = result.rows.filter((r) => r['pod'] === 'llm-finetune-ddp-0');
    expect(ddp).toHaveLength(2);
    expect(ddp.every((r) => r['class'] === 'partial' && (r['evidence'] as Record<string, unknown>)['pod_busy_gpus'] === 2)).toBe(true);
    const bob = result.rows.find((r) => r['pod'] === 'jupyter-bob') as PlainRow;
    expect(bob['class']).toBe('allocated');
    expect(bob['gpu_hours'] as number).toBeCloseTo((bob['idle_minutes'] as number) / 60 / 7, 3);

    // Short traffic dips (under 30 minutes) never become episodes.
    expect(expected.shortRuns.filter((s) => s.unit.node === 'prod-us-east-node-1').length).toBeGreaterThan(10);
    for (const dip of expected.shortRuns) {
      const overlapping = result.rows.filter(
        (r) =>
          r['gpu_uuid'] === dip.unit.uuid &&
          (r['gpu_instance'] ?? '') === dip.unit.instance &&
          Date.parse(String(r['start'])) < dip.end * MIN &&
          (r['end'] === null || Date.parse(String(r['end'])) > dip.start * MIN),
      );
      expect(overlapping).toEqual([]);
    }
    expect(result.rows.some((r) => r['node'] === 'prod-us-east-node-1')).toBe(false);
  });

  it('breaks an idle episode at the exporter gap instead of bridging it', async () => {
    const from = Date.parse('2026-11-06T00:00:00Z');
    const to = Date.parse('2026-11-16T00:00:00Z');
    const result = await run(from, to);
    const gapFrom = '2026-11-11T02:00:00.000Z';
    const gapTo = '2026-11-11T04:00:00.000Z';
    const edge = result.rows.filter((r) => r['node'] === 'edge-eu-node-2' && r['class'] === 'unallocated');
    const before = edge.filter((r) => r['end'] === gapFrom);
    const after = edge.filter((r) => r['start'] === gapTo);
    expect(before).toHaveLength(2); // the two unallocated L4s of the node
    expect(after).toHaveLength(2);
    for (const r of before) expect((r['evidence'] as Record<string, unknown>)['ended_by']).toBe('no_telemetry');
    for (const r of after) expect((r['evidence'] as Record<string, unknown>)['started_after']).toBe('no_telemetry');
    expect(edge.filter((r) => Date.parse(String(r['start'])) < Date.parse(gapTo) && (r['end'] === null || Date.parse(String(r['end'])) > Date.parse(gapFrom)))).toEqual([]);
  });

  it('matches the plan up to the newest telemetry, with ongoing episodes', async () => {
    const { result } = await matchesPlan(Date.parse('2026-11-18T00:00:00Z'), END);
    const ongoing = result.rows.filter((r) => r['end'] === null);
    expect(ongoing.length).toBeGreaterThan(0);
    expect(ongoing.some((r) => r['pod'] === 'jupyter-bob')).toBe(true);
    for (const r of ongoing) expect((r['evidence'] as Record<string, unknown>)['ended_by']).toBe('newest_telemetry');
  });

  it('matches the plan in a window of one hour that starts mid-minute, priced from the price list', async () => {
    const { result } = await matchesPlan(Date.parse('2026-11-12T10:00:30Z'), Date.parse('2026-11-12T11:00:00Z'));
    // No cost line starts within the hour: the price list applies. L4 has several instance sizes (the one with the
    // most GPUs sets the price); A100 (p4de) has none, so its episodes have no cost, and say why.
    const byModel = (model: string): PlainRow[] => result.rows.filter((r) => r['model'] === model);
    expect(byModel('NVIDIA L4').length).toBeGreaterThan(0);
    for (const r of byModel('NVIDIA L4')) expect((r['evidence'] as { price: unknown }).price).toMatchObject({ source: 'gpu_price:g6.48xlarge@2025-07-01', per_gpu_hour: 13.3504 / 8 });
    expect(byModel('NVIDIA A100-SXM4-80GB').length).toBeGreaterThan(0);
    for (const r of byModel('NVIDIA A100-SXM4-80GB')) expect(r['cost']).toBeNull();
    expect(result.notes.some((n) => n.startsWith('cost is null for train-us-west/NVIDIA A100-SXM4-80GB'))).toBe(true);
  });

  /**
   * gpu-spend's idle_gpu_hours and idle_cost per group, from the rows of idle-gpus: the minutes of each episode in
   * [from, to) × its share, × the GPU-hour price its evidence shows (null when an episode of the group has none).
   */
  function insideWindow(rows: PlainRow[], from: number, to: number, group: (r: PlainRow) => string) {
    const first = Math.ceil(from / MIN) * MIN;
    const last = Math.ceil(to / MIN) * MIN;
    const groups = new Map<string, { hours: number; cost: number | null }>();
    const partsInside: number[] = [];
    for (const r of rows) {
      const start = Date.parse(String(r['start']));
      const end = start + (r['idle_minutes'] as number) * MIN;
      const minutes = Math.max(0, (Math.min(end, last) - Math.max(start, first)) / MIN);
      if (minutes === 0) continue;
      partsInside.push(minutes);
      const evidence = r['evidence'] as { unit_share: number; time_slicing_share: number | null; price: { per_gpu_hour?: number } };
      const hours = (minutes / 60) * evidence.unit_share * (evidence.time_slicing_share ?? 1);
      const g = groups.get(group(r)) ?? { hours: 0, cost: 0 };
      g.hours += hours;
      g.cost = g.cost === null || evidence.price.per_gpu_hour === undefined ? null : g.cost + hours * evidence.price.per_gpu_hour;
      groups.set(group(r), g);
    }
    return { groups, partsInside };
  }

  it('gives gpu-spend the idle GPU-hours and idle cost of the idle-gpus episodes inside the window, per group', async () => {
    const wide = await run(Date.parse('2026-11-06T00:00:00Z'), Date.parse('2026-11-16T00:00:00Z'));
    // A window whose edges cut two episodes a few minutes from their ends (from mid-minute): those parts are shorter
    // than min_minutes and still count, since their episodes are longer.
    const ended = wide.rows.find((r) => r['end'] !== null && String(r['end']) > '2026-11-07' && (r['idle_minutes'] as number) >= 60) as PlainRow;
    const endedAt = Date.parse(String(ended['end']));
    const starting = wide.rows.find((r) => Date.parse(String(r['start'])) > endedAt + DAY && (r['idle_minutes'] as number) >= 60) as PlainRow;
    const cut: [number, number] = [endedAt - 10 * MIN + 30_000, Date.parse(String(starting['start'])) + 10 * MIN];
    const windows: [number, number][] = [
      [Date.parse('2026-11-06T00:00:00Z'), Date.parse('2026-11-16T00:00:00Z')],
      [Date.parse('2026-11-12T10:00:30Z'), Date.parse('2026-11-12T11:00:00Z')],
      cut,
    ];
    for (const [from, to] of windows) {
      const what = `${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`;
      const episodes = await run(from, to);
      for (const groupBy of ['model', 'cluster', null]) {
        const { groups, partsInside } = insideWindow(episodes.rows, from, to, (r) => (groupBy === null ? 'all' : String(r[groupBy])));
        if (from === cut[0] && groupBy === null) expect(partsInside.filter((m) => m < MIN_MINUTES), what).toEqual(expect.arrayContaining([9, 10]));
        const spend = await engine.kpi('gpu-spend', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz: 'UTC', groupBy });
        expect(spend.params['min_minutes'], what).toBe(MIN_MINUTES);
        expect(spend.rows.length, what).toBeGreaterThan(0);
        for (const row of spend.rows) {
          const key = groupBy === null ? 'all' : String(row[groupBy]);
          const expected = groups.get(key) ?? { hours: 0, cost: 0 };
          expect(row['idle_gpu_hours'] as number, `${what} ${key}`).toBeCloseTo(expected.hours, 3);
          if (expected.cost === null) {
            expect(row['idle_cost'], `${what} ${key}`).toBeNull();
            expect(row['reason'], `${what} ${key}`).not.toBeNull();
          } else {
            expect(Number(row['idle_cost']), `${what} ${key}`).toBeCloseTo(expected.cost, 3);
          }
        }
        expect(spend.rows.reduce((sum, r) => sum + (r['idle_gpu_hours'] as number), 0), what).toBeCloseTo(
          [...groups.values()].reduce((sum, g) => sum + g.hours, 0),
          3,
        );
      }
    }
  });
});
