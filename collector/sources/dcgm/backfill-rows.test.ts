import { describe, expect, it } from 'vitest';
import type { RangeSeries } from '../prometheus/api.ts';
import { EVAL_OFFSET_MS, planQueries } from './backfill-queries.ts';
import { chunkRows, chunkSteps, minuteRuns } from './backfill-rows.ts';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minute: number): number => T0 + minute * M;
const plan = planQueries({ windows: 'closed', lookbackMs: 30_000, matchers: '' });
const query = (id: string) => {
  const found = plan.find((q) => q.id === id);
  if (found === undefined) throw new Error(id);
  return found;
};
const window = { fromMinute: at(0), toMinute: at(3), lookbackMs: 30_000 };
const A = { UUID: 'GPU-1', modelName: 'NVIDIA H100 80GB HBM3', Hostname: 'n1', pod: 'a-0', namespace: 'ml', container: 'c' };
const B = { ...A, pod: 'b-0' };
/** Points at the evaluation times of minutes (−1 is the step before the chunk). */
const points = (values: Record<number, number>): RangeSeries['points'] =>
  Object.entries(values).map(([minute, value]) => ({ timestampMs: at(Number(minute)) + EVAL_OFFSET_MS, value }));

describe('chunkRows', () => {
  it('steps from the minute before the chunk to the minute after it', () => {
    expect(chunkSteps(window)).toEqual({ startMs: at(-1) + EVAL_OFFSET_MS, endMs: at(3) + EVAL_OFFSET_MS, count: 5 });
  });

  it('builds minute rows from aggregates as the rollup would from readings', () => {
    const rows = chunkRows(
      new Map([
        [query('prof_gr_engine:max'), [{ labels: A, points: points({ 0: 0.5, 1: 0.02, 2: 0.8 }) }]],
        [query('prof_gr_engine:count'), [{ labels: A, points: points({ 0: 4, 1: 4, 2: 3 }) }]],
        [query('dev_gpu_util:max'), [{ labels: A, points: points({ 0: 60, 1: 0, 2: 90 }) }]],
        [query('power_w:sum'), [{ labels: A, points: points({ 0: 1200, 1: 280, 2: 1500 }) }]],
        [query('power_w:count'), [{ labels: A, points: points({ 0: 4, 1: 4, 2: 3 }) }]],
        [query('energy_mj:last'), [{ labels: A, points: points({ [-1]: 1_000_000, 0: 1_018_000, 1: 1_022_200, 2: 1_049_200 }) }]],
      ]),
      window,
      { defaultCluster: 'lab' },
    );
    const unit = rows.units.get('GPU-1\u0000');
    expect(unit?.rows.map((r) => [r.minute, r.activity, r.gpuUtil, r.powerW, r.energyJ, r.samples])).toEqual([
      [at(0), 0.5, 0.6, 300, 18, 4],
      [at(1), 0.02, 0, 70, 4.2, 4],
      [at(2), 0.8, 0.9, 500, 27, 3],
    ]);
    expect([...(unit?.presence.values() ?? [])].map((pods) => [...pods])).toEqual([['ml\u0000a-0\u0000c'], ['ml\u0000a-0\u0000c'], ['ml\u0000a-0\u0000c']]);
    expect(rows.anomalies.size).toBe(0);
  });

  it('lists anomalous minutes and minutes where a unit changes series, instead of guessing their rows', () => {
    const rows = chunkRows(
      new Map([
        [
          query('prof_gr_engine:max'),
          [
            { labels: A, points: points({ [-1]: 0.5, 0: 0.5, 1: 0.5 }) },
            { labels: B, points: points({ 1: 0.5, 2: 0.5, 3: 0.5 }) },
          ],
        ],
        [query('prof_gr_engine:anomaly'), [{ labels: A, points: points({ 0: 1 }) }]],
      ]),
      window,
      { defaultCluster: 'lab' },
    );
    expect(rows.anomalies.get('GPU-1\u0000')).toEqual([at(0), at(1)]);
    expect(rows.units.get('GPU-1\u0000')?.rows.map((r) => r.minute)).toEqual([at(2)]);
  });
});

describe('minuteRuns', () => {
  it('groups consecutive minutes into one raw re-read each', () => {
    expect(minuteRuns([at(0), at(1), at(2), at(5)])).toEqual([
      { first: at(0), last: at(2) },
      { first: at(5), last: at(5) },
    ]);
  });
});
