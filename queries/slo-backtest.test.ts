/**
 * The alert backtest of `pulse kpi slo` against a plain step-by-step reference on random buckets with bursts
 * and gaps: every 5 minutes from --from to --to, each window pair holds or not, Pyrra's `for` delays, runs
 * become alerts. The SQL only looks at segments around buckets that could make a pair hold; the reference
 * looks at every step, so any bucket the pruning missed would show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG } from '../collector/config/defaults.ts';
import { StoreWriter } from '../collector/store/writer.ts';
import type { PlainRow } from './contract.ts';

const MIN = 60_000;
const STEP = 5 * MIN;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TO = Date.parse('2026-04-20T00:00:00Z');
const FROM = TO - 12 * DAY;
const BUDGET = 1 - 0.999;

interface Pair {
  severity: 'page' | 'ticket';
  long: number;
  short: number;
  factor: number;
  wait: number;
}

const PRESETS: Record<'pulse' | 'pyrra', { period: string; pairs: Pair[] }> = {
  pulse: {
    period: 'rolling:30d',
    pairs: [
      { severity: 'page', long: HOUR, short: 5 * MIN, factor: 14.4, wait: 0 },
      { severity: 'page', long: 6 * HOUR, short: 30 * MIN, factor: 6, wait: 0 },
      { severity: 'ticket', long: DAY, short: 2 * HOUR, factor: 3, wait: 0 },
      { severity: 'ticket', long: 3 * DAY, short: 6 * HOUR, factor: 1, wait: 0 },
    ],
  },
  // 28 days: P/672 = 1h, P/8064 = 5m, P/112 = 6h, P/1344 = 30m, P/28 = 1d, P/336 = 2h, P/7 = 4d; `for` 2m, 15m, 1h, 3h.
  pyrra: {
    period: 'rolling:28d',
    pairs: [
      { severity: 'page', long: HOUR, short: 5 * MIN, factor: 14, wait: 5 * MIN },
      { severity: 'page', long: 6 * HOUR, short: 30 * MIN, factor: 7, wait: 15 * MIN },
      { severity: 'ticket', long: DAY, short: 2 * HOUR, factor: 2, wait: HOUR },
      { severity: 'ticket', long: 4 * DAY, short: 6 * HOUR, factor: 1, wait: 3 * HOUR },
    ],
  },
};

type Buckets = Map<number, [number, number]>;

/** Random traffic from FROM − 5 days: quiet stretches, gaps, bursts of several strengths. */
function randomBuckets(seed: number): Buckets {
  let state = seed;
  const rand = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const buckets: Buckets = new Map();
  let burst = 0;
  let burstLeft = 0;
  let gapLeft = 0;
  for (let end = FROM - 5 * DAY + STEP; end <= TO; end += STEP) {
    if (gapLeft > 0) {
      gapLeft--;
      continue;
    }
    if (rand() < 0.002) gapLeft = Math.floor(rand() * 40);
    if (burstLeft === 0 && rand() < 0.004) {
      burst = [0.002, 0.005, 0.01, 0.05, 0.2][Math.floor(rand() * 5)] ?? 0;
      burstLeft = Math.floor(rand() * 60) + 1;
    }
    const total = Math.floor(200 + rand() * 800);
    const share = burstLeft > 0 ? burst : rand() < 0.01 ? 0.01 : 0.0002;
    if (burstLeft > 0) burstLeft--;
    buckets.set(end, [Math.round(total * share * (0.5 + rand())), total]);
  }
  return buckets;
}

function reference(buckets: Buckets, pairs: Pair[]): PlainRow[] {
  const sum = (end: number, window: number): [number, number] => {
    let bad = 0;
    let total = 0;
    for (let e = end - window + STEP; e <= end; e += STEP) {
      const b = buckets.get(e);
      if (b) {
        bad += b[0];
        total += b[1];
      }
    }
    return [bad, total];
  };
  const holds = (e: number, p: Pair): boolean => {
    const [bl, tl] = sum(e, p.long);
    const [bs, ts] = sum(e, p.short);
    return tl > 0 && ts > 0 && bl / tl > p.factor * BUDGET && bs / ts > p.factor * BUDGET;
  };
  const alerts: PlainRow[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const mine = pairs.filter((p) => p.severity === severity);
    const activeAt = mine.map((): number | null => null);
    let open: number | null = null;
    for (let e = FROM; e <= TO; e += STEP) {
      let firing = false;
      mine.forEach((p, i) => {
        if (holds(e, p)) {
          activeAt[i] ??= e;
          if (e - (activeAt[i] ?? e) >= p.wait) firing = true;
        } else {
          activeAt[i] = null;
        }
      });
      if (firing && open === null) open = e;
      if (!firing && open !== null) {
        alerts.push({ severity, start: new Date(open).toISOString(), end: new Date(e).toISOString() });
        open = null;
      }
    }
    if (open !== null) alerts.push({ severity, start: new Date(open).toISOString(), end: null });
  }
  return alerts.sort((a, b) => String(a['start']).localeCompare(String(b['start'])) || String(a['severity']).localeCompare(String(b['severity'])));
}

const SEEDS = [7, 11, 23, 42, 99, 1234];
let engine: Engine;
const data = new Map<string, Buckets>();

beforeAll(async () => {
  engine = await Engine.open(':memory:', DEFAULT_CONFIG);
  const writer = new StoreWriter(engine.store.connection);
  const columns: Record<string, unknown[]> = { slo_id: [], bucket_start: [], bad: [], total: [], source: [] };
  const slos: Record<string, unknown>[] = [];
  for (const preset of ['pulse', 'pyrra'] as const) {
    for (const seed of SEEDS) {
      const id = `${preset}/s${seed}`;
      const buckets = randomBuckets(seed);
      data.set(id, buckets);
      slos.push({ slo_id: id, service: preset, name: `s${seed}`, objective: 0.999, period: PRESETS[preset].period, period_tz: 'UTC', spec_format: 'sloth', source: 'test', spec: {}, source_file: null });
      for (const [end, [bad, total]] of buckets) {
        columns['slo_id']?.push(id);
        columns['bucket_start']?.push(end - STEP);
        columns['bad']?.push(bad);
        columns['total']?.push(total);
        columns['source']?.push('test');
      }
    }
  }
  await writer.appendRows('slos', slos);
  await writer.append('slo_buckets', columns);
});

afterAll(() => engine.close());

describe('the alert backtest', () => {
  it.each(['pulse', 'pyrra'] as const)('matches the step-by-step reference (%s)', async (preset) => {
    const result = await engine.kpi('slo', { from: new Date(FROM).toISOString(), to: new Date(TO).toISOString(), tz: 'UTC', groupBy: null, options: { preset } });
    let fired = 0;
    for (const seed of SEEDS) {
      const id = `${preset}/s${seed}`;
      const row = result.rows.find((r) => r['slo'] === id);
      const want = reference(data.get(id) ?? new Map(), PRESETS[preset].pairs);
      fired += want.length;
      expect(row?.['alerts'], id).toEqual(want);
    }
    expect(fired).toBeGreaterThan(10);
  });
});
