/**
 * Evaluating an SLO's SLI into 5-minute buckets over a window, chunk by chunk, each chunk committed with the
 * cursor that lets an interrupted run (a crash, or the signal) resume where it stopped. The bucket source is the pushdown to a Prometheus-compatible API
 * or the offline evaluation on stored counters; both give the same buckets for the same counters.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import { planSli, type BucketPlan, type BucketRow } from './buckets.ts';
import { BUCKET_MS } from './promql.ts';
import { readCursor, replaceBuckets, writeCursor, type StoredSlo } from './store.ts';

export interface BucketSource {
  readonly path: 'prometheus' | 'offline';
  /** Width of one committed chunk, a multiple of 5 minutes. */
  readonly chunkMs: number;
  /** Why this source cannot evaluate the plan, or null. */
  problem(plan: BucketPlan): string | null;
  /** Buckets starting in [fromMs, toMs), and the API requests it took. */
  buckets(plan: BucketPlan, fromMs: number, toMs: number): Promise<{ rows: BucketRow[]; requests: number }>;
}

export interface EvalWindow {
  fromMs: number;
  toMs: number;
}

export type EvalOutcome =
  /** `doneUntilMs` < the window's end when the signal stopped the run: rerun the same window to resume. */
  | { slo: string; ok: true; buckets: number; requests: number; chunks: number; resumedFromMs: number | null; doneUntilMs: number }
  | { slo: string; ok: false; reason: string };

/** The window on the 5-minute grid: from rounded down, to rounded down. */
export function alignWindow(window: EvalWindow): EvalWindow {
  return { fromMs: Math.floor(window.fromMs / BUCKET_MS) * BUCKET_MS, toMs: Math.floor(window.toMs / BUCKET_MS) * BUCKET_MS };
}

export async function evaluateSlo(
  connection: DuckDBConnection,
  writer: StoreWriter,
  slo: StoredSlo,
  source: BucketSource,
  window: EvalWindow,
  options: { onChunk?: (doneUntilMs: number, window: EvalWindow) => void; signal?: AbortSignal } = {},
): Promise<EvalOutcome> {
  if (!slo.sli.ok) return { slo: slo.id, ok: false, reason: slo.sli.reason };
  const planned = planSli(slo.sli.sli);
  if (!planned.ok) return { slo: slo.id, ok: false, reason: planned.error };
  const problem = source.problem(planned.plan);
  if (problem !== null) return { slo: slo.id, ok: false, reason: problem };
  const { fromMs, toMs } = alignWindow(window);
  const key = { sloId: slo.id, path: source.path, fromMs, toMs };
  const resumedFromMs = await readCursor(connection, key);
  let buckets = 0;
  let requests = 0;
  let chunks = 0;
  let start = resumedFromMs ?? fromMs;
  for (; start < toMs && options.signal?.aborted !== true; start += source.chunkMs) {
    const end = Math.min(start + source.chunkMs, toMs);
    const fetched = await source.buckets(planned.plan, start, end);
    requests += fetched.requests;
    await writer.transaction(async () => {
      buckets += await replaceBuckets(writer, slo.id, start, end, fetched.rows, source.path);
      await writeCursor(writer, key, end < toMs ? end : null);
    });
    chunks++;
    options.onChunk?.(end, { fromMs, toMs });
  }
  return { slo: slo.id, ok: true, buckets, requests, chunks, resumedFromMs, doneUntilMs: Math.min(start, toMs) };
}
