/**
 * The PromQL of the Prometheus API path: server-side aggregates from which sources/dcgm/backfill-rows.ts builds
 * exactly the gpu_minute rows the file path's rollup (gpu/rollup.ts) builds from raw samples. Pure.
 *
 * Alignment. A rollup minute M covers [M, M + 60 s); timestamps are whole milliseconds. Every query is
 * evaluated at t = M + 59.999 s (a `query_range` from the first such t, step 60 s), with a range that covers
 * exactly [M + 60 s − w, M + 59.999 s]:
 * - Prometheus 2.x (and engines built on it) close the window, [t − r, t]: r = w − 1 ms (`[59999ms]`);
 * - Prometheus 3.x leaves it open on the left, (t − r, t]: r = w (`[60000ms]`).
 * Either way a sample exactly on a minute boundary belongs to the minute it starts, as in the file path.
 *
 * Per signal: max_over_time (max signals), sum_over_time + count_over_time (mean signals: Σsum ÷ Σcount over
 * a unit's series), count_over_time (activity signals: the sample count), last_over_time (energy; the value at
 * the previous step is the reading before the minute). With a scrape interval over 30 s the gap rule reaches
 * back further than the minute: last_over_time over that reach gives the carried value.
 *
 * Anomalies. Aggregates cannot drop a sentinel or a NaN, nor see a counter reset: one query per signal returns
 * only the minutes where the window holds a value out of the signal's range, a NaN or (energy) a reset. The
 * backfill re-reads the raw samples of those units and minutes and rolls them up like a file.
 */
import type { GpuSignal, SignalSpec } from '../../gpu/signals.ts';
import { GPU_SIGNALS, SIGNAL_SPECS } from '../../gpu/signals.ts';
import { carryWindowMs, MINUTE_MS } from '../../gpu/rollup.ts';

export type RangeWindows = 'closed' | 'left_open';

/** Evaluation time of minute M: its last millisecond. */
export const EVAL_OFFSET_MS = MINUTE_MS - 1;

export type QueryRole = 'max' | 'sum' | 'count' | 'last' | 'carry' | 'anomaly';

export interface PlannedQuery {
  readonly id: string;
  readonly signal: GpuSignal;
  readonly role: QueryRole;
  readonly expr: string;
  /** Whether a point of this query makes the minute a row (and is evidence of the units' presence). */
  readonly createsRow: boolean;
}

/** The current dcgm-exporter metric of each signal the API path reads (1.x names are read from files only). */
export const API_METRICS: Readonly<Partial<Record<GpuSignal, string>>> = {
  prof_gr_engine: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  dev_gpu_util: 'DCGM_FI_DEV_GPU_UTIL',
  enc_util: 'DCGM_FI_DEV_ENC_UTIL',
  dec_util: 'DCGM_FI_DEV_DEC_UTIL',
  sm_active: 'DCGM_FI_PROF_SM_ACTIVE',
  dram_active: 'DCGM_FI_PROF_DRAM_ACTIVE',
  fb_used_mib: 'DCGM_FI_DEV_FB_USED',
  power_w: 'DCGM_FI_DEV_POWER_USAGE',
  energy_mj: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
};

/** A PromQL range covering the last `coverMs` milliseconds up to and including the evaluation time. */
export function rangeLiteral(coverMs: number, windows: RangeWindows): string {
  return `[${windows === 'closed' ? coverMs - 1 : coverMs}ms]`;
}

/** A PromQL number literal that reproduces the JS number exactly. */
function literal(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(17);
}

function anomalyExpr(selector: string, spec: SignalSpec, range: string, counter: boolean): string {
  const parts = [
    `(max_over_time(${selector}${range}) > ${literal(spec.max)})`,
    `(min_over_time(${selector}${range}) < ${literal(spec.min)})`,
    // NaN is the only value not equal to itself; a NaN sample makes the sum NaN.
    `(sum_over_time(${selector}${range}) != sum_over_time(${selector}${range}))`,
  ];
  if (counter) parts.push(`(resets(${selector}${range}) > 0)`);
  return parts.join(' or ');
}

export interface QueryPlanOptions {
  readonly windows: RangeWindows;
  /** 2 × the scrape interval. */
  readonly lookbackMs: number;
  /** Extra label matchers for every selector, e.g. `cluster="prod"` (PromQL, without braces); '' for none. */
  readonly matchers: string;
}

const ACTIVITY: ReadonlySet<GpuSignal> = new Set(['prof_gr_engine', 'dev_gpu_util']);

export function planQueries(options: QueryPlanOptions): PlannedQuery[] {
  const carry = carryWindowMs(options.lookbackMs);
  const minute = rangeLiteral(MINUTE_MS, options.windows);
  const reach = rangeLiteral(carry, options.windows);
  const queries: PlannedQuery[] = [];
  for (const signal of GPU_SIGNALS) {
    const metric = API_METRICS[signal];
    if (metric === undefined) continue;
    const spec = SIGNAL_SPECS[signal];
    const selector = options.matchers === '' ? metric : `${metric}{${options.matchers}}`;
    const add = (role: QueryRole, expr: string, createsRow: boolean): void => {
      queries.push({ id: `${signal}:${role}`, signal, role, expr, createsRow });
    };
    if (spec.aggregation === 'max') add('max', `max_over_time(${selector}${minute})`, true);
    if (spec.aggregation === 'mean') {
      add('sum', `sum_over_time(${selector}${minute})`, true);
      add('count', `count_over_time(${selector}${minute})`, true);
    }
    if (spec.aggregation === 'max' && ACTIVITY.has(signal)) add('count', `count_over_time(${selector}${minute})`, true);
    if (spec.aggregation === 'counter') {
      add('last', `last_over_time(${selector}${minute})`, true);
      if (carry > MINUTE_MS) add('carry', `last_over_time(${selector}${reach})`, false);
      add('anomaly', anomalyExpr(selector, spec, rangeLiteral(carry + MINUTE_MS, options.windows), true), false);
    } else {
      if (carry > MINUTE_MS) add('carry', `last_over_time(${selector}${reach})`, false);
      add('anomaly', anomalyExpr(selector, spec, reach, false), false);
    }
  }
  return queries;
}

/** The raw samples of one unit's signals over `coverMs` up to the evaluation time, for an instant query. */
export function rawSelector(unitMatchers: string, coverMs: number, windows: RangeWindows): string {
  const names = Object.values(API_METRICS).join('|');
  return `{__name__=~"${names}",${unitMatchers}}${rangeLiteral(coverMs, windows)}`;
}

/** Escapes a label value inside double quotes in PromQL. */
export function promString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}
