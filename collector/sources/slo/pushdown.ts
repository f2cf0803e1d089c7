/**
 * The pushdown bucket source: each SLI query with {{.window}} = 5m, as a range query at a 5-minute step on a
 * Prometheus-compatible API. The value at step t is the bucket (t − 5m, t]; series of a grouped result are
 * summed; rate() values are per second, so × 300 makes them events. NaN (0 ÷ 0) leaves the bucket out.
 */
import type { PrometheusClient } from '../prometheus/api.ts';
import { combineBuckets, planQueries, type BucketPlan } from './buckets.ts';
import type { BucketSource } from './evaluate.ts';
import { BUCKET_MS } from './promql.ts';

/** A week of 5-minute steps (2,016 points) per chunk: one request per query, well under 11,000 points. */
const CHUNK_MS = 7 * 86_400_000;

export function prometheusSource(client: Pick<PrometheusClient, 'queryRange'>): BucketSource {
  return {
    path: 'prometheus',
    chunkMs: CHUNK_MS,
    problem: () => null,
    buckets: async (plan: BucketPlan, fromMs: number, toMs: number) => {
      const values: Partial<Record<'bad' | 'good' | 'total' | 'ratio', Map<number, number>>> = {};
      let requests = 0;
      for (const { role, side } of planQueries(plan)) {
        const response = await client.queryRange(side.query, { startMs: fromMs + BUCKET_MS, endMs: toMs, stepSeconds: BUCKET_MS / 1000 });
        requests += response.requests;
        const sums = new Map<number, number>();
        for (const series of response.series) {
          for (const point of series.points) {
            if (Number.isNaN(point.value)) continue;
            const bucket = point.timestampMs - BUCKET_MS;
            sums.set(bucket, (sums.get(bucket) ?? 0) + point.value * side.apiScale);
          }
        }
        values[role] = sums;
      }
      return { rows: combineBuckets(plan, values), requests };
    },
  };
}
