/**
 * The subset as SQL over stored counters: reset-aware deltas per 5-minute bucket, matchers on the JSON labels,
 * aggregations with by / without; checked by hand on small series and against a plain reference on a random one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { readRows } from '../delivery/read.ts';
import { parseSliQuery, type VectorExpr } from './promql.ts';
import { compileSides } from './promql-sql.ts';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const MIN = 60_000;
const S = 1000;

interface SeriesDef {
  name: string;
  labels: Record<string, string>;
  points: [number, number][];
}

let store: Store;

function expr(query: string): VectorExpr {
  const parsed = parseSliQuery(query);
  if (!parsed.ok || parsed.expr.kind !== 'vector') throw new Error(`not a vector: ${query}`);
  return parsed.expr.expr;
}

async function buckets(query: string, fromMs = T0, toMs = T0 + 60 * MIN): Promise<Record<string, number>> {
  const { sql, params } = compileSides([{ role: 'v', expr: expr(query) }], fromMs, toMs);
  const rows = await readRows(store.connection, sql, params);
  return Object.fromEntries(rows.map((r) => [String((Number(r['bucket_ms']) - T0) / MIN), Number(r['value'])]));
}

/** Reference: per series, each sample's reset-aware delta to the previous one (≤ 5 minutes older) in its bucket. */
function reference(series: SeriesDef[], pick: (s: SeriesDef) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of series.filter(pick)) {
    for (let i = 1; i < s.points.length; i++) {
      const [t, v] = s.points[i] as [number, number];
      const [pt, pv] = s.points[i - 1] as [number, number];
      if (t - pt > 5 * MIN) continue;
      const bucket = Math.ceil(t / (5 * MIN)) * 5 * MIN - 5 * MIN;
      out.set(bucket, (out.get(bucket) ?? 0) + (v >= pv ? v - pv : v));
    }
  }
  return out;
}

const HAND: SeriesDef[] = [
  // 15-second scrapes from T0, 10 per scrape; a reset at +7m (back to 5).
  {
    name: 'req_total',
    labels: { job: 'api', code: '200' },
    points: Array.from({ length: 60 }, (_, i): [number, number] => [T0 + i * 15 * S, i < 28 ? 1000 + 10 * i : 5 + 10 * (i - 28)]),
  },
  { name: 'req_total', labels: { job: 'api', code: '500' }, points: Array.from({ length: 60 }, (_, i): [number, number] => [T0 + i * 15 * S, 2 * i]) },
  { name: 'req_total', labels: { job: 'web', code: '503' }, points: Array.from({ length: 60 }, (_, i): [number, number] => [T0 + i * 15 * S, 100 * i]) },
  // A scrape gap longer than 5 minutes: the delta across it is not counted.
  { name: 'gappy_total', labels: { job: 'api' }, points: [[T0 + MIN, 0], [T0 + 2 * MIN, 10], [T0 + 9 * MIN, 50], [T0 + 10 * MIN, 60]] },
];

const RANDOM: SeriesDef[] = Array.from({ length: 6 }, (_, s) => {
  let value = 1000 * s;
  let t = T0 - 3 * MIN + s * 7 * S;
  const points: [number, number][] = [];
  let seed = s + 1;
  const rand = (): number => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  while (t < T0 + 60 * MIN) {
    points.push([t, value]);
    t += rand() < 0.05 ? 6 * MIN : 10 * S + Math.floor(rand() * 20) * S;
    value = rand() < 0.03 ? Math.floor(rand() * 10) : value + Math.floor(rand() * 50);
  }
  return { name: 'rnd_total', labels: { shard: String(s % 3), zone: s < 3 ? 'a' : 'b' }, points };
});

beforeAll(async () => {
  store = await openStore(':memory:');
  const writer = new StoreWriter(store.connection);
  const all = [...HAND, ...RANDOM];
  await writer.append('series', {
    series_id: all.map((_, i) => i + 1),
    name: all.map((s) => s.name),
    labels: all.map((s) => s.labels),
    labels_key: all.map((s, i) => `${s.name}${JSON.stringify(s.labels)}${i}`),
  });
  await writer.append('samples', {
    series_id: all.flatMap((s, i) => s.points.map(() => i + 1)),
    ts: all.flatMap((s) => s.points.map(([t]) => t)),
    value: all.flatMap((s) => s.points.map(([, v]) => v)),
  });
});

afterAll(() => store.close());

describe('compileSides', () => {
  it('counts per bucket with resets handled as Prometheus does', async () => {
    // code 200: 10 per scrape, 20 scrapes in (T0, T0 + 5m]; at the reset (+7m) the new value 5 counts from zero;
    // the last bucket has 19 scrapes.
    expect(await buckets('sum(rate(req_total{job="api",code="200"}[5m]))', T0, T0 + 15 * MIN)).toEqual({ '0': 200, '5': 195, '10': 190 });
    expect(await buckets('sum(increase(req_total{code=~"5.."}[{{.window}}]))', T0, T0 + 15 * MIN)).toEqual({ '0': 40 + 2000, '5': 40 + 2000, '10': 38 + 1900 });
  });

  it('applies =, !=, =~ and !~ on labels, missing labels reading as empty', async () => {
    expect(await buckets('sum(increase(req_total{job!="web",code!~"2.."}[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 40 });
    expect(await buckets('sum(increase({__name__=~"req_.*",job="web"}[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 2000 });
    expect(await buckets('sum(increase(req_total{missing=""}[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 200 + 40 + 2000 });
    expect(await buckets('sum(increase(req_total{missing!=""}[5m]))', T0, T0 + 5 * MIN)).toEqual({});
  });

  it('aggregates with by / without, and count, max, min, avg', async () => {
    // Grouped results are summed into the bucket: max per job is 200 (api) and 2000 (web).
    expect(await buckets('max by (job) (increase(req_total[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 200 + 2000 });
    expect(await buckets('max without (code) (increase(req_total[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 200 + 2000 });
    expect(await buckets('max(increase(req_total[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 2000 });
    expect(await buckets('count(rate(req_total[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 3 });
    expect(await buckets('min(increase(req_total[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': 40 });
    expect(await buckets('avg(increase(req_total{job="api"}[5m]))', T0, T0 + 5 * MIN)).toEqual({ '0': (200 + 40) / 2 });
  });

  it('does not count a delta across a gap of more than 5 minutes', async () => {
    expect(await buckets('sum(increase(gappy_total[5m]))', T0, T0 + 15 * MIN)).toEqual({ '0': 10, '5': 10 });
  });

  it('evaluates several sides over the samples read once', async () => {
    const { sql, params } = compileSides(
      [
        { role: 'bad', expr: expr('sum(increase(req_total{code=~"5.."}[5m]))') },
        { role: 'total', expr: expr('sum(increase(req_total[5m]))') },
      ],
      T0,
      T0 + 5 * MIN,
    );
    expect(await readRows(store.connection, sql, params)).toEqual([
      { role: 'bad', bucket_ms: T0, value: 2040 },
      { role: 'total', bucket_ms: T0, value: 2240 },
    ]);
  });

  it('matches a plain reference on random scrapes with resets and gaps, at any window start', async () => {
    for (const [from, to] of [[T0, T0 + 60 * MIN], [T0 + 20 * MIN, T0 + 45 * MIN]] as const) {
      const got = await buckets('sum(increase(rnd_total[5m]))', from, to);
      const want = reference(RANDOM, () => true);
      const expected = Object.fromEntries([...want].filter(([b]) => b >= from && b < to).map(([b, v]) => [String((b - T0) / MIN), v]));
      expect(got).toEqual(expected);
      const zoneA = await buckets('sum by (zone) (increase(rnd_total{zone="a"}[5m]))', from, to);
      const wantA = reference(RANDOM, (s) => s.labels['zone'] === 'a');
      expect(zoneA).toEqual(Object.fromEntries([...wantA].filter(([b]) => b >= from && b < to).map(([b, v]) => [String((b - T0) / MIN), v])));
    }
  });
});
