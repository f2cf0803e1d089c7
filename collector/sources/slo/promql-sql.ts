/**
 * Expressions of the PromQL subset as SQL over the stored counters (series + samples, 0002_metrics.sql): each
 * expression's value per 5-minute bucket (b, b + 5m], as a count of events. Pure; every value is a bound
 * parameter, label names included.
 *
 * Per series, each sample adds its reset-aware delta to the bucket it falls in: v − prev, or v when the counter
 * went down (a reset: Prometheus counts the new value from zero). A delta counts only when the previous sample
 * is at most 5 minutes older, as a 5-minute range in Prometheus only ever holds such pairs. Summed over the
 * buckets of (T − w, T], these deltas are the increase from the last sample at or before T − w to the last at or
 * before T: exactly what Prometheus 2.x counts over its closed window [T − w, T] when a sample sits on T − w.
 * rate() and increase() give the same counts: the bucket is the event count, whatever the query's unit.
 */
import type { Matcher, VectorExpr } from './promql.ts';

export interface SqlPlan {
  sql: string;
  /** Positional: $1 … $n. */
  params: (string | number | string[])[];
}

/** One expression of a plan and the name its values come back under. */
export interface Side {
  role: string;
  expr: VectorExpr;
}

/**
 * Bucket values of each side for buckets starting in [fromMs, toMs): rows (role VARCHAR, bucket_ms BIGINT,
 * value DOUBLE). The samples of all sides are read and turned into deltas once (error and total queries
 * usually select the same series).
 */
export function compileSides(sides: readonly Side[], fromMs: number, toMs: number): SqlPlan {
  const params: SqlPlan['params'] = [];
  const bind = (value: string | number | string[]): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const selections = sides.map((side, i) => {
    const { metric, matchers } = side.expr.call;
    const nameConditions = [
      ...(metric === null ? [] : [`name = ${bind(metric)}`]),
      ...matchers.filter((m) => m.label === '__name__').map((m) => condition('name', m, bind)),
    ];
    const labelConditions = matchers.filter((m) => m.label !== '__name__').map((m) => condition(`coalesce(m[${bind(m.label)}], '')`, m, bind));
    return `selected_${i} AS (
  SELECT series_id, m FROM labelled
  WHERE ${[...nameConditions, ...labelConditions].join(' AND ') || 'true'}
)`;
  });
  const lo = bind(fromMs - 300_000);
  const hi = bind(toMs);
  const first = bind(fromMs);
  const results = sides.map((side, i) => {
    const aggregate = side.expr.op === null ? 'sum(i.v)' : side.expr.op === 'count' ? 'count(*)' : `${side.expr.op}(i.v)`;
    return `SELECT ${bind(side.role)} AS role, bucket_ms, sum(v)::DOUBLE AS value
FROM (
  SELECT i.bucket_ms, ${groupKey(side.expr, bind)} AS group_key, ${aggregate} AS v
  FROM increases i JOIN selected_${i} USING (series_id)
  GROUP BY i.bucket_ms, group_key
)
WHERE bucket_ms >= ${first}
GROUP BY bucket_ms`;
  });
  const sql = `
WITH labelled AS (
  SELECT series_id, name, json_transform(labels, '"MAP(VARCHAR, VARCHAR)"') AS m FROM series
),
${selections.join(',\n')},
points AS (
  SELECT s.series_id, epoch_ms(s.ts) AS t, s.value,
         lag(epoch_ms(s.ts)) OVER w AS prev_t, lag(s.value) OVER w AS prev_v
  FROM samples s
  WHERE s.series_id IN (${sides.map((_, i) => `SELECT series_id FROM selected_${i}`).join(' UNION ')})
    AND s.ts > to_timestamp(${lo} / 1000.0) AND s.ts <= to_timestamp(${hi} / 1000.0)
  WINDOW w AS (PARTITION BY s.series_id ORDER BY s.ts)
),
increases AS (
  SELECT series_id, (t + 299999) // 300000 * 300000 - 300000 AS bucket_ms,
         sum(CASE WHEN value >= prev_v THEN value - prev_v ELSE value END) AS v
  FROM points
  WHERE prev_v IS NOT NULL AND t - prev_t <= 300000
  GROUP BY series_id, bucket_ms
)
${results.join('\nUNION ALL\n')}
ORDER BY role, bucket_ms`;
  return { sql, params };
}

function condition(subject: string, m: Matcher, bind: (value: string) => string): string {
  const value = bind(m.value);
  switch (m.op) {
    case '=':
      return `${subject} = ${value}`;
    case '!=':
      return `${subject} <> ${value}`;
    case '=~':
      return `regexp_full_match(${subject}, ${value})`;
    case '!~':
      return `NOT regexp_full_match(${subject}, ${value})`;
  }
}

/** The group of a series: each series alone without aggregation, else its by / without labels. */
function groupKey(expr: VectorExpr, bind: (value: string[]) => string): string {
  if (expr.op === null) return 'CAST(i.series_id AS VARCHAR)';
  if (expr.grouping === null) return "''";
  const labels = bind(expr.grouping.labels);
  return expr.grouping.mode === 'by'
    ? `CAST(list_transform(${labels}::VARCHAR[], k -> coalesce(m[k], '')) AS VARCHAR)`
    : `CAST(list_sort(list_filter(map_entries(m), e -> NOT list_contains(${labels}::VARCHAR[], e.key))) AS VARCHAR)`;
}
