/** The offline bucket source: the SLI's subset expressions as SQL over the stored counters. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readRows } from '../delivery/read.ts';
import { combineBuckets, offlineProblem, planQueries, type BucketPlan } from './buckets.ts';
import type { BucketSource } from './evaluate.ts';
import { compileSides, type Side } from './promql-sql.ts';

const DAY_MS = 86_400_000;

export function offlineSource(connection: DuckDBConnection): BucketSource {
  return {
    path: 'offline',
    chunkMs: DAY_MS,
    problem: offlineProblem,
    buckets: async (plan: BucketPlan, fromMs: number, toMs: number) => {
      const sides: Side[] = planQueries(plan).map(({ role, side }) => {
        if (side.expr === null) throw new Error(side.error ?? `${side.query}: outside the PromQL subset`);
        return { role, expr: side.expr };
      });
      const { sql, params } = compileSides(sides, fromMs, toMs);
      const values: Partial<Record<'bad' | 'good' | 'total' | 'ratio', Map<number, number>>> = {};
      for (const row of await readRows(connection, sql, params)) {
        const role = String(row['role']) as 'bad' | 'good' | 'total' | 'ratio';
        (values[role] ??= new Map()).set(Number(row['bucket_ms']), Number(row['value']));
      }
      return { rows: combineBuckets(plan, values), requests: 0 };
    },
  };
}
