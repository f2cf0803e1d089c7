/**
 * Golden test of `idle-gpus`: the expected episodes are computed here from the demo generator's plan, minute by
 * minute and holder by holder, without SQL, and compared with the rows the query returns on the database the demo
 * wrote.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { generateDemo, demoSpan } from '../../collector/demo/generate.ts';
import { buildGpuPlan, type Allocation, type GpuPlan, type Segment, type Unit } from '../../collector/demo/gpu-plan.ts';
import { minuteValues } from '../../collector/demo/gpu-minutes.ts';
import { MIG_LAYOUT, MODELS, NAMESPACE_OWNERS } from '../../collector/demo/world.ts';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/schema.ts';
import type { KpiResult, PlainRow } from '../../queries/contract.ts';
import { tempDir } from '../helpers.ts';

const SEED = 3;
const DAYS = 24;
const END = Date.parse('2026-11-20T15:30:00Z');
const MIN = 60_000;
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

interface Price {
  model: string;
  asOf: string;
  perGpuHour: number;
  currency: string;
}

/** The GPU-hour price the header defines: gpu_price rows of the model at the newest as_of on or before the day, else the oldest; one price only. */
function priceOf(prices: Price[], model: string, day: string): { perGpuHour: number; currency: string } | null {
  const rows = prices.filter((p) => p.model === model);
  if (rows.length === 0) return null;
  const before = rows.filter((p) => p.asOf <= day).map((p) => p.asOf);
  const asOf = before.length > 0 ? before.sort().at(-1) : rows.map((p) => p.asOf).sort()[0];
  const variants = new Map(rows.filter((p) => p.asOf === asOf).map((p) => [`${p.perGpuHour}/${p.currency}`, p]));
  if (variants.size !== 1) return null;
  const [only] = variants.values();
  return only ? { perGpuHour: only.perGpuHour, currency: only.currency } : null;
}

const iso = (minute: number): string => new Date(minute * MIN).toISOString();
const keyOfRow = (r: PlainRow): string => `${String(r['gpu_uuid'])}/${String(r['gpu_instance'] ?? '')}/${String(r['start'])}/${String(r['pod'] ?? '')}`;
const keyOfExpected = (e: Expected): string => `${e.unit.uuid}/${e.unit.instance}/${iso(e.start)}/${e.alloc?.pod ?? ''}`;

describe('idle-gpus golden episodes from the demo plan', () => {
  let engine: Engine;
  let plan: GpuPlan;
  let prices: Price[];

  beforeAll(async () => {
    const file = join(tempDir(), 'golden-idle.duckdb');
    const store = await openStore(file);
    await generateDemo(store, { seed: SEED, days: DAYS, end: END });
    store.close();
    const span = demoSpan(DAYS, END);
    plan = buildGpuPlan(SEED, span.start, span.end);
    engine = await Engine.open(file, DEFAULT_CONFIG);
    const priceRows = await engine.store.connection.runAndReadAll(
      'SELECT gpu_model, as_of::VARCHAR, (price_per_hour / gpus_per_instance)::DOUBLE, currency FROM gpu_price',
    );
    prices = priceRows.getRows().map(([model, asOf, perGpuHour, currency]) => ({
      model: String(model),
      asOf: String(asOf),
      perGpuHour: Number(perGpuHour),
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
      const price = priceOf(prices, MODELS[e.unit.modelKey].model, iso(e.start).slice(0, 10));
      if (price === null) {
        expect(row['cost'], what).toBeNull();
        expect(row['currency'], what).toBeNull();
      } else {
        expect(Number(row['cost']), what).toBeCloseTo(e.gpuHours * price.perGpuHour, 4);
        expect(row['currency'], what).toBe(price.currency);
      }
      const evidence = row['evidence'] as Record<string, unknown>;
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
    expect(result.notes.some((n) => /cost is null/.test(n))).toBe(true);

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

  it('matches the plan in a window of one hour that starts mid-minute', async () => {
    await matchesPlan(Date.parse('2026-11-12T10:00:30Z'), Date.parse('2026-11-12T11:00:00Z'));
  });
});
