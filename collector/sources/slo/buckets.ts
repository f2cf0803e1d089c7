/**
 * From an SLI to 5-minute bad/total buckets, the part both evaluation paths share: which expressions to
 * evaluate (`planSli`) and how their per-bucket values make a bucket (`combineBuckets`). Pure.
 *
 * - events / bad-total: bad = the error (bad) expression, total = the total expression;
 * - good-total: bad = total − good (never below 0);
 * - raw: a ratio of two subset expressions is counted like events (numerator = bad, denominator = total);
 *   any other raw query can only be pushed down, and each bucket then holds its ratio with total 1 (so a
 *   period's error ratio is the mean of the 5-minute ratios, as Sloth computes it).
 * A bucket exists where the total expression has a value; a missing bad value there is 0 (`or vector(0)`).
 */
import { BUCKET_WINDOW, parseSliQuery, renderWindow, type VectorExpr } from './promql.ts';
import type { Sli } from './types.ts';

/** One query to evaluate. `expr` is null when the query is outside the subset (`error` says why). */
export interface SideQuery {
  /** PromQL with the window rendered as 5m. */
  query: string;
  expr: VectorExpr | null;
  error: string | null;
  /** Factor from the API's value to events in a 5-minute bucket: 300 for rate() (per second), else 1. */
  apiScale: number;
}

export type BucketPlan =
  | { kind: 'counts'; bad: SideQuery | null; good: SideQuery | null; total: SideQuery }
  | { kind: 'ratio'; ratio: SideQuery };

export interface BucketRow {
  bucketStartMs: number;
  bad: number;
  total: number;
}

/** Values of one side per bucket start (ms). */
export type BucketValues = ReadonlyMap<number, number>;

export type PlanResult = { ok: true; plan: BucketPlan } | { ok: false; error: string };

export function planSli(sli: Sli): PlanResult {
  switch (sli.kind) {
    case 'events':
      return counts(side(sli.errorQuery, 'error_query'), null, side(sli.totalQuery, 'total_query'));
    case 'bad-total':
      return counts(side(sli.badQuery, 'bad'), null, side(sli.totalQuery, 'total'));
    case 'good-total':
      return counts(null, side(sli.goodQuery, 'good'), side(sli.totalQuery, 'total'));
    case 'raw': {
      const parsed = parseSliQuery(sli.errorRatioQuery);
      if (parsed.ok && parsed.expr.kind === 'ratio') {
        return { ok: true, plan: { kind: 'counts', bad: fromExpr(parsed.expr.numerator), good: null, total: fromExpr(parsed.expr.denominator) } };
      }
      const error = parsed.ok ? 'a raw error_ratio_query is counted offline only as a ratio of two expressions (bad / total)' : parsed.error;
      return { ok: true, plan: { kind: 'ratio', ratio: { query: renderWindow(sli.errorRatioQuery, BUCKET_WINDOW).trim(), expr: null, error, apiScale: 1 } } };
    }
    case 'opaque':
      return { ok: false, error: `the SLI (${sli.source}) has no PromQL queries to evaluate` };
  }
}

type Side = { ok: true; side: SideQuery } | { ok: false; error: string };

function side(template: string, role: string): Side {
  const parsed = parseSliQuery(template);
  if (parsed.ok) {
    if (parsed.expr.kind === 'ratio') return { ok: false, error: `${role} is a ratio: it must count events (one expression, not a division)` };
    return { ok: true, side: fromExpr(parsed.expr.expr) };
  }
  return { ok: true, side: { query: renderWindow(template, BUCKET_WINDOW).trim(), expr: null, error: `${role}: ${parsed.error}`, apiScale: 1 } };
}

function fromExpr(expr: VectorExpr): SideQuery {
  return { query: expr.text, expr, error: null, apiScale: expr.call.fn === 'rate' ? 300 : 1 };
}

function counts(bad: Side | null, good: Side | null, total: Side): PlanResult {
  for (const s of [bad, good, total]) if (s && !s.ok) return { ok: false, error: s.error };
  const pick = (s: Side | null): SideQuery | null => (s?.ok ? s.side : null);
  const totalSide = pick(total);
  if (totalSide === null) return { ok: false, error: 'no total query' };
  return { ok: true, plan: { kind: 'counts', bad: pick(bad), good: pick(good), total: totalSide } };
}

/** The plan's queries in a fixed order, with the role each plays. */
export function planQueries(plan: BucketPlan): { role: 'bad' | 'good' | 'total' | 'ratio'; side: SideQuery }[] {
  if (plan.kind === 'ratio') return [{ role: 'ratio', side: plan.ratio }];
  return [
    ...(plan.bad ? [{ role: 'bad' as const, side: plan.bad }] : []),
    ...(plan.good ? [{ role: 'good' as const, side: plan.good }] : []),
    { role: 'total' as const, side: plan.total },
  ];
}

/** Why the plan cannot run offline (a query outside the subset), or null. */
export function offlineProblem(plan: BucketPlan): string | null {
  return planQueries(plan).find((q) => q.side.expr === null)?.side.error ?? null;
}

/** Buckets from the values of the plan's queries, by role; in bucket order. */
export function combineBuckets(plan: BucketPlan, values: Readonly<Partial<Record<'bad' | 'good' | 'total' | 'ratio', BucketValues>>>): BucketRow[] {
  const rows: BucketRow[] = [];
  if (plan.kind === 'ratio') {
    for (const [bucket, ratio] of values.ratio ?? []) if (Number.isFinite(ratio)) rows.push({ bucketStartMs: bucket, bad: ratio, total: 1 });
  } else {
    for (const [bucket, total] of values.total ?? []) {
      if (!Number.isFinite(total)) continue;
      const bad = plan.good ? Math.max(total - (values.good?.get(bucket) ?? 0), 0) : (values.bad?.get(bucket) ?? 0);
      if (Number.isFinite(bad)) rows.push({ bucketStartMs: bucket, bad, total });
    }
  }
  return rows.sort((a, b) => a.bucketStartMs - b.bucketStartMs);
}
