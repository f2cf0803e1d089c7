/**
 * Evaluation in chunks with a resumable cursor (a stopped run resumes where it stopped), the pushdown source
 * over a fake Prometheus client, and the offline source over stored counters: both give the same buckets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { readRows } from '../delivery/read.ts';
import type { RangeResponse } from '../prometheus/api.ts';
import { evaluateSlo, type BucketSource } from './evaluate.ts';
import { offlineSource } from './offline.ts';
import { prometheusSource } from './pushdown.ts';
import type { StoredSlo } from './store.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-05-01T00:00:00Z');
const SLO: StoredSlo = {
  id: 'api/availability',
  periodDays: 30,
  sli: { ok: true, sli: { kind: 'events', errorQuery: 'sum(rate(req_total{code="500"}[{{.window}}]))', totalQuery: 'sum(rate(req_total[{{.window}}]))' } },
};

let store: Store;
let writer: StoreWriter;

beforeEach(async () => {
  store = await openStore(':memory:');
  writer = new StoreWriter(store.connection);
});
afterEach(() => store.close());

async function stored(): Promise<{ bucket: number; bad: number; total: number; source: string }[]> {
  const rows = await readRows(store.connection, 'SELECT epoch_ms(bucket_start) AS b, bad, total, source FROM slo_buckets ORDER BY b');
  return rows.map((r) => ({ bucket: (Number(r['b']) - T0) / MIN, bad: Number(r['bad']), total: Number(r['total']), source: String(r['source']) }));
}

/** A source giving every bucket bad = 1, total = 10, in chunks of 15 minutes. */
function fakeSource(onChunk: () => void = () => undefined): BucketSource & { calls: [number, number][] } {
  const calls: [number, number][] = [];
  return {
    path: 'offline',
    chunkMs: 15 * MIN,
    calls,
    problem: () => null,
    buckets: (_plan, fromMs, toMs) => {
      calls.push([(fromMs - T0) / MIN, (toMs - T0) / MIN]);
      onChunk();
      const rows = [];
      for (let b = fromMs; b < toMs; b += 5 * MIN) rows.push({ bucketStartMs: b, bad: 1, total: 10 });
      return Promise.resolve({ rows, requests: 1 });
    },
  };
}

describe('evaluateSlo', () => {
  it('commits chunk by chunk, stops on the signal and resumes at the cursor', async () => {
    const stop = new AbortController();
    const first = fakeSource(() => stop.abort());
    const window = { fromMs: T0 + 2 * MIN, toMs: T0 + 47 * MIN };
    const stopped = await evaluateSlo(store.connection, writer, SLO, first, window, { signal: stop.signal });
    expect(stopped).toMatchObject({ ok: true, buckets: 3, chunks: 1, resumedFromMs: null, doneUntilMs: T0 + 15 * MIN });
    // The window is aligned to the 5-minute grid: [T0, T0 + 45m).
    expect(first.calls).toEqual([[0, 15]]);
    const second = fakeSource();
    const resumed = await evaluateSlo(store.connection, writer, SLO, second, window);
    expect(resumed).toMatchObject({ ok: true, buckets: 6, chunks: 2, resumedFromMs: T0 + 15 * MIN, doneUntilMs: T0 + 45 * MIN });
    expect(second.calls).toEqual([[15, 30], [30, 45]]);
    expect((await stored()).map((b) => b.bucket)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
    // Complete: the cursor is gone, a later run evaluates the window afresh.
    expect(await readRows(store.connection, 'SELECT * FROM slo_eval_cursors')).toEqual([]);
  });

  it('says why an SLO cannot be evaluated', async () => {
    const opaque: StoredSlo = { id: 'x/y', periodDays: 30, sli: { ok: false, reason: 'a thresholdMetric SLI' } };
    expect(await evaluateSlo(store.connection, writer, opaque, fakeSource(), { fromMs: T0, toMs: T0 + MIN })).toEqual({ slo: 'x/y', ok: false, reason: 'a thresholdMetric SLI' });
    const outside: StoredSlo = { id: 'x/z', periodDays: 30, sli: { ok: true, sli: { kind: 'events', errorQuery: 'sum(irate(e[5m]))', totalQuery: 'sum(rate(t[5m]))' } } };
    const refused = await evaluateSlo(store.connection, writer, outside, offlineSource(store.connection), { fromMs: T0, toMs: T0 + 10 * MIN });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/^error_query: unsupported PromQL: function irate\(\)/) });
  });
});

describe('the pushdown and offline sources', () => {
  it('give the same buckets for the same counters', async () => {
    // One scrape per 15 s from T0 − 1m: totals +10, errors +1 every other scrape.
    const points = Array.from({ length: 5 * 4 * 3 + 5 }, (_, i) => ({ t: T0 - MIN + i * 15_000, total: 10 * i, errors: Math.floor(i / 2) }));
    await writer.append('series', { series_id: [1, 2], name: ['req_total', 'req_total'], labels: [{ code: '200' }, { code: '500' }], labels_key: ['a', 'b'] });
    await writer.append('samples', {
      series_id: [...points.map(() => 1), ...points.map(() => 2)],
      ts: [...points.map((p) => p.t), ...points.map((p) => p.t)],
      value: [...points.map((p) => p.total - p.errors), ...points.map((p) => p.errors)],
    });
    const window = { fromMs: T0, toMs: T0 + 15 * MIN };
    await evaluateSlo(store.connection, writer, SLO, offlineSource(store.connection), window);
    const offline = await stored();

    // A Prometheus that answers what rate() over closed 5-minute windows gives on these samples.
    const queries: string[] = [];
    const client = {
      queryRange: (query: string, range: { startMs: number; endMs: number; stepSeconds: number }): Promise<RangeResponse> => {
        queries.push(`${query} ${(range.startMs - T0) / MIN}..${(range.endMs - T0) / MIN} step ${range.stepSeconds}`);
        const errorsOnly = query.includes('code="500"');
        const points_ = [];
        for (let t = range.startMs; t <= range.endMs; t += range.stepSeconds * 1000) {
          const inWindow = points.filter((p) => p.t >= t - 5 * MIN && p.t <= t);
          const value = (p: (typeof points)[number]): number => (errorsOnly ? p.errors : p.total);
          const first = inWindow[0];
          const last = inWindow[inWindow.length - 1];
          points_.push({ timestampMs: t, value: first && last ? (value(last) - value(first)) / 300 : Number.NaN });
        }
        return Promise.resolve({ series: [{ labels: {}, points: points_ }], warnings: [], infos: [], requests: 1 });
      },
    };
    await store.connection.run('DELETE FROM slo_buckets');
    const outcome = await evaluateSlo(store.connection, writer, SLO, prometheusSource(client), window);
    expect(outcome).toMatchObject({ ok: true, requests: 2 });
    expect(queries).toEqual(['sum(rate(req_total{code="500"}[5m])) 5..15 step 300', 'sum(rate(req_total[5m])) 5..15 step 300']);
    const pushed = await stored();
    expect(pushed.map((b) => ({ ...b, source: 'offline', bad: Math.round(b.bad * 1e9) / 1e9, total: Math.round(b.total * 1e9) / 1e9 }))).toEqual(offline);
    expect(offline).toEqual([
      { bucket: 0, bad: 10, total: 200, source: 'offline' },
      { bucket: 5, bad: 10, total: 200, source: 'offline' },
      { bucket: 10, bad: 10, total: 200, source: 'offline' },
    ]);
  });
});
