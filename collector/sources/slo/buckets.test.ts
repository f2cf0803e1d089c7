import { describe, expect, it } from 'vitest';
import { combineBuckets, offlineProblem, planQueries, planSli } from './buckets.ts';

function plan(sli: Parameters<typeof planSli>[0]) {
  const planned = planSli(sli);
  if (!planned.ok) throw new Error(planned.error);
  return planned.plan;
}

describe('planSli', () => {
  it('plans events, good/total and a raw ratio as counts; rate() values scale to events', () => {
    const events = plan({ kind: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(increase(t[{{.window}}]))' });
    expect(planQueries(events).map((q) => [q.role, q.side.query, q.side.apiScale])).toEqual([
      ['bad', 'sum(rate(e[5m]))', 300],
      ['total', 'sum(increase(t[5m]))', 1],
    ]);
    expect(offlineProblem(events)).toBeNull();
    expect(planQueries(plan({ kind: 'good-total', goodQuery: 'sum(rate(g[5m]))', totalQuery: 'sum(rate(t[5m]))' })).map((q) => q.role)).toEqual(['good', 'total']);
    const ratio = plan({ kind: 'raw', errorRatioQuery: 'sum(rate(e[{{.window}}])) / sum(rate(t[{{.window}}]))' });
    expect(planQueries(ratio).map((q) => [q.role, q.side.query])).toEqual([
      ['bad', 'sum(rate(e[5m]))'],
      ['total', 'sum(rate(t[5m]))'],
    ]);
  });

  it('keeps queries outside the subset for the pushdown, and says why they cannot run offline', () => {
    const wifi = plan({ kind: 'events', errorQuery: 'sum_over_time((count(x < 0.75))[{{.window}}:]) OR on() vector(0)', totalQuery: 'sum(rate(t[5m]))' });
    expect(planQueries(wifi)[0]?.side).toMatchObject({ query: 'sum_over_time((count(x < 0.75))[5m:]) OR on() vector(0)', expr: null, apiScale: 1 });
    expect(offlineProblem(wifi)).toMatch(/^error_query: unsupported PromQL: binary operator "OR"/);
    const raw = plan({ kind: 'raw', errorRatioQuery: '1 - avg(up[{{.window}}])' });
    expect(raw.kind).toBe('ratio');
    expect(offlineProblem(raw)).toMatch(/binary operator "-"/);
    expect(planSli({ kind: 'events', errorQuery: 'sum(rate(e[5m])) / sum(rate(t[5m]))', totalQuery: 'sum(rate(t[5m]))' })).toMatchObject({ ok: false, error: expect.stringMatching(/error_query is a ratio/) });
    expect(planSli({ kind: 'opaque', source: 'thresholdMetric' })).toMatchObject({ ok: false });
  });
});

describe('combineBuckets', () => {
  it('makes a bucket where the total has a value; a missing bad is 0, bad = total − good never below 0', () => {
    const events = plan({ kind: 'events', errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[5m]))' });
    expect(combineBuckets(events, { bad: new Map([[0, 1], [600, 3]]), total: new Map([[300, 10], [0, 100], [900, Number.NaN]]) })).toEqual([
      { bucketStartMs: 0, bad: 1, total: 100 },
      { bucketStartMs: 300, bad: 0, total: 10 },
    ]);
    const good = plan({ kind: 'good-total', goodQuery: 'sum(rate(g[5m]))', totalQuery: 'sum(rate(t[5m]))' });
    expect(combineBuckets(good, { good: new Map([[0, 90], [300, 12]]), total: new Map([[0, 100], [300, 10]]) })).toEqual([
      { bucketStartMs: 0, bad: 10, total: 100 },
      { bucketStartMs: 300, bad: 0, total: 10 },
    ]);
    const raw = plan({ kind: 'raw', errorRatioQuery: '1 - avg(up[5m])' });
    expect(combineBuckets(raw, { ratio: new Map([[0, 0.25], [300, Number.NaN]]) })).toEqual([{ bucketStartMs: 0, bad: 0.25, total: 1 }]);
  });
});
