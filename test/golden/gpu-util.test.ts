/**
 * Golden test of `gpu-util`: the expected figures are computed here from the demo generator's plan, minute by
 * minute, without SQL, and compared with what the query returns on the database the demo wrote.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { generateDemo, demoSpan } from '../../collector/demo/generate.ts';
import { buildGpuPlan, type GpuPlan, type Segment } from '../../collector/demo/gpu-plan.ts';
import { minuteValues } from '../../collector/demo/gpu-minutes.ts';
import { NAMESPACE_OWNERS } from '../../collector/demo/world.ts';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';
import type { PlainRow } from '../../queries/contract.ts';
import { tempDir } from '../helpers.ts';

const SEED = 3;
const DAYS = 24;
const END = Date.parse('2026-11-20T15:30:00Z');
const MIN = 60_000;

interface Expected {
  gpus: Set<string>;
  observed: number;
  allocated: number;
  busy: number;
  idle: number;
  suspect: number;
  unobserved: number;
  actSum: number;
  actW: number;
  smSum: number;
  smW: number;
}

const blank = (): Expected => ({ gpus: new Set(), observed: 0, allocated: 0, busy: 0, idle: 0, suspect: 0, unobserved: 0, actSum: 0, actW: 0, smSum: 0, smW: 0 });
const STATE: Record<Segment['state'], 'busy' | 'idle' | 'suspect' | null> = { busy: 'busy', idle: 'idle', stuck: 'suspect', sentinel: 'suspect', gap: null };
const teamOf = new Map(NAMESPACE_OWNERS.map((o) => [o.namespace, o.team as string]));

/** Expected rows straight from the plan: every minute of every unit, attributed to its group(s). */
function expectedFromPlan(plan: GpuPlan, from: number, to: number, groupBy: 'none' | 'cluster' | 'node' | 'team' | 'namespace'): Map<string | null, Expected> {
  const groups = new Map<string | null, Expected>();
  const get = (key: string | null): Expected => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = blank()));
    return g;
  };
  const fromMin = from / MIN;
  const toMin = Math.min(to / MIN, plan.end);
  for (const u of plan.units) {
    const allocs = plan.allocations.filter((a) => a.unitKey === u.key);
    const segments = plan.segments.get(u.key) ?? [];
    for (let m = Math.max(fromMin, u.firstSeen); m < toMin; m++) {
      const segment = segments.find((s) => s.start <= m && m < s.end) as Segment;
      const holders = allocs.filter((a) => a.start <= m && (a.end === null || m < a.end));
      const owners: [string | null, number][] =
        groupBy === 'team' || groupBy === 'namespace'
          ? holders.length > 0
            ? holders.map((a) => [groupBy === 'team' ? (teamOf.get(a.namespace) ?? null) : a.namespace, a.share])
            : [[null, 1]]
          : [[groupBy === 'none' ? 'all' : groupBy === 'cluster' ? u.cluster : u.node, 1]];
      const state = STATE[segment.state];
      const values = state ? minuteValues(u, segment, m) : null;
      for (const [key, share] of owners) {
        const g = get(key);
        const w = (u.share * share) / 60;
        g.gpus.add(u.uuid);
        if (groupBy !== 'team' && groupBy !== 'namespace') g.allocated += holders.reduce((s, a) => s + a.share, 0) * w;
        else if (key !== null || holders.length > 0) g.allocated += w;
        if (state === null || values === null) {
          g.unobserved += w;
          continue;
        }
        g.observed += w;
        g[state] += w;
        if (state !== 'suspect') {
          g.actSum += values.activity * w;
          g.actW += w;
          if (values.smActive !== null) {
            g.smSum += values.smActive * w;
            g.smW += w;
          }
        }
      }
    }
  }
  return groups;
}

describe('gpu-util golden figures from the demo plan', () => {
  let engine: Engine;
  let plan: GpuPlan;
  const from = Date.parse('2026-11-06T00:00:00Z');
  const to = Date.parse('2026-11-20T00:00:00Z');

  beforeAll(async () => {
    const file = join(tempDir(), 'golden.duckdb');
    const store = await openStore(file);
    await generateDemo(store, { seed: SEED, days: DAYS, end: END });
    store.close();
    const span = demoSpan(DAYS, END);
    plan = buildGpuPlan(SEED, span.start, span.end);
    engine = await Engine.open(file, DEFAULT_CONFIG);
  });
  afterAll(() => engine.close());

  for (const groupBy of ['none', 'cluster', 'node', 'team', 'namespace'] as const) {
    it(`matches the plan grouped by ${groupBy}`, async () => {
      const result = await engine.kpi('gpu-util', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        tz: 'UTC',
        groupBy: groupBy === 'none' ? null : groupBy,
      });
      const expected = expectedFromPlan(plan, from, to, groupBy);
      const keyOf = (row: PlainRow): string | null => (groupBy === 'none' ? 'all' : (row[groupBy] as string | null));
      expect(result.rows.map(keyOf).sort()).toEqual([...expected.keys()].sort());
      for (const row of result.rows) {
        const e = expected.get(keyOf(row)) as Expected;
        expect(row['gpus']).toBe(e.gpus.size);
        expect(row['observed_gpu_hours']).toBeCloseTo(e.observed, 3);
        expect(row['allocated_gpu_hours']).toBeCloseTo(e.allocated, 3);
        expect(row['busy_gpu_hours']).toBeCloseTo(e.busy, 3);
        expect(row['idle_gpu_hours']).toBeCloseTo(e.idle, 3);
        expect(row['suspect_gpu_hours']).toBeCloseTo(e.suspect, 3);
        expect(row['unobserved_gpu_hours']).toBeCloseTo(e.unobserved, 3);
        expect(row['activity_avg']).toBeCloseTo(e.actSum / e.actW, 4);
        if (e.smW === 0) expect(row['sm_active_avg']).toBeNull();
        else expect(row['sm_active_avg']).toBeCloseTo(e.smSum / e.smW, 4);
      }
    });
  }

  it('sees every planted condition in the window: suspect, unobserved, MIG shares', () => {
    const all = expectedFromPlan(plan, from, to, 'none').get('all') as Expected;
    expect(all.suspect).toBeGreaterThan(20); // the stuck profiling counter (24 h) and sentinel minutes
    expect(all.unobserved).toBeCloseTo(8 * 2, 6); // the exporter outage: the 8 L4 GPUs of one node for 2 hours
    expect(all.gpus.size).toBe(64);
  });
});
