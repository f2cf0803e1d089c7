-- @query gpu-util
-- @version 1
-- @description GPU utilization per group: observed, allocated, busy, idle, suspect and unobserved GPU-hours (METRICS.md, GPU).
-- @param from timestamptz  Window start, inclusive.
-- @param to timestamptz  Window end, exclusive.
-- @param group_by varchar in(none,cluster,node,model,team,namespace)  Grouping key; team and namespace split each minute over the pods holding the GPU.
-- @param idle_activity double  A minute is idle below this activity (default 0.05).
-- @param idle_dram double  …and below this DRAM activity where present (default 0.05).
-- @param idle_power_baseline_factor double  …and at most this × the model's idle power (default 1.3)…
-- @param idle_power_limit_share double  …or this share of the power limit, whichever is larger (default 0.25).
-- @param suspect_util double  Profiling activity 0 while GPU_UTIL is at least this is suspect (default 0.5).
-- @param suspect_power_share double  …or while power is at least this share of the limit (default 0.5).
-- @column group_key varchar  The group (NULL: unallocated time when grouping by team or namespace).
-- @column gpus integer  Distinct physical GPUs with expected observation time in the window.
-- @column observed_gpu_hours double  busy + idle + suspect.
-- @column allocated_gpu_hours double  Time a pod held the GPU (× MIG share × time-slicing share).
-- @column busy_gpu_hours double
-- @column idle_gpu_hours double
-- @column suspect_gpu_hours double  Telemetry disagrees, or sentinel / non-numeric samples.
-- @column unobserved_gpu_hours double  Expected minutes without usable telemetry.
-- @column activity_avg double  Mean activity over busy and idle minutes (suspect minutes are not trusted).
-- @column sm_active_avg double  Mean SM activity where reported; NULL when absent.
--
-- GPU-hours are weighted by the unit's share of its GPU (1, or the MIG slice fraction) so a fully observed MIG
-- GPU counts as one GPU. Expected time of a GPU runs from first_seen (or --from) to retired_at, --to or the
-- newest telemetry minute, whichever comes first: the future is not "unobserved".
WITH
horizon AS (SELECT max(minute) + INTERVAL 1 MINUTE AS h FROM gpu_minute),
units AS (
  SELECT g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share,
         g.cluster, g.node, g.model, g.power_limit_w, coalesce(m.idle_power_w, 0) AS idle_power_w,
         greatest(g.first_seen, $from) AS span_start,
         least(coalesce(g.retired_at, $to), $to, coalesce(horizon.h, $to)) AS span_end
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
  LEFT JOIN gpu_models m ON m.model = g.model
  CROSS JOIN horizon
),
live_units AS (SELECT * FROM units WHERE span_end > span_start),
allocs AS (
  SELECT a.gpu_uuid, a.gpu_instance, a.namespace, a.share AS alloc_share, r.team,
         a.start_at, coalesce(a.end_at, 'infinity'::TIMESTAMPTZ) AS end_at
  FROM gpu_allocations a
  LEFT JOIN ownership_rules r ON r.match_kind = 'namespace' AND r.match_value = a.namespace
),
minutes AS (
  SELECT u.gpu_uuid, u.gpu_instance, u.share, u.cluster, u.node, u.model, m.minute, m.activity, m.sm_active,
         gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            $idle_activity, $idle_dram, $idle_power_baseline_factor, $idle_power_limit_share, $suspect_util, $suspect_power_share) AS state
  FROM live_units u
  JOIN gpu_minute m ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= u.span_start AND m.minute < u.span_end
    AND (m.activity IS NOT NULL OR m.bad_samples > 0)
),
-- Observed minutes with their weight and group: one row per minute, or per holding pod when grouping by owner.
weighted AS (
  SELECT CASE $group_by WHEN 'cluster' THEN cluster WHEN 'node' THEN node WHEN 'model' THEN model ELSE 'all' END AS group_key,
         gpu_uuid, share AS w, state, activity, sm_active
  FROM minutes WHERE $group_by NOT IN ('team', 'namespace')
  UNION ALL
  SELECT CASE $group_by WHEN 'team' THEN a.team ELSE a.namespace END,
         mi.gpu_uuid, mi.share * coalesce(a.alloc_share, 1.0), mi.state, mi.activity, mi.sm_active
  FROM minutes mi
  LEFT JOIN allocs a ON a.gpu_uuid = mi.gpu_uuid AND a.gpu_instance = mi.gpu_instance
                    AND mi.minute >= a.start_at AND mi.minute < a.end_at
  WHERE $group_by IN ('team', 'namespace')
),
observed AS (
  SELECT group_key,
         sum(w) / 60 AS observed_h,
         sum(w) FILTER (WHERE state = 'busy') / 60 AS busy_h,
         sum(w) FILTER (WHERE state = 'idle') / 60 AS idle_h,
         sum(w) FILTER (WHERE state = 'suspect') / 60 AS suspect_h,
         sum(activity * w) FILTER (WHERE state <> 'suspect') / sum(w) FILTER (WHERE state <> 'suspect') AS activity_avg,
         sum(sm_active * w) FILTER (WHERE state <> 'suspect' AND sm_active IS NOT NULL)
           / sum(w) FILTER (WHERE state <> 'suspect' AND sm_active IS NOT NULL) AS sm_active_avg
  FROM weighted GROUP BY group_key
),
-- Allocation time clipped to the window and the unit's expected span.
alloc_spans AS (
  SELECT u.gpu_uuid, u.gpu_instance, u.cluster, u.node, u.model, a.team, a.namespace,
         u.share * a.alloc_share * epoch(least(a.end_at, u.span_end) - greatest(a.start_at, u.span_start)) / 3600 AS h
  FROM live_units u
  JOIN allocs a ON a.gpu_uuid = u.gpu_uuid AND a.gpu_instance = u.gpu_instance
  WHERE a.start_at < u.span_end AND a.end_at > u.span_start
),
-- Expected GPU-hours per group: the whole span, or for owner groups the allocated spans plus the unallocated rest.
expected AS (
  SELECT CASE $group_by WHEN 'cluster' THEN cluster WHEN 'node' THEN node WHEN 'model' THEN model ELSE 'all' END AS group_key,
         gpu_uuid, share * epoch(span_end - span_start) / 3600 AS h
  FROM live_units WHERE $group_by NOT IN ('team', 'namespace')
  UNION ALL
  SELECT CASE $group_by WHEN 'team' THEN team ELSE namespace END, gpu_uuid, h
  FROM alloc_spans WHERE $group_by IN ('team', 'namespace')
  UNION ALL
  SELECT NULL, u.gpu_uuid, u.share * epoch(u.span_end - u.span_start) / 3600 - coalesce(sum(s.h), 0)
  FROM live_units u
  LEFT JOIN alloc_spans s ON s.gpu_uuid = u.gpu_uuid AND s.gpu_instance = u.gpu_instance
  WHERE $group_by IN ('team', 'namespace')
  GROUP BY u.gpu_uuid, u.gpu_instance, u.share, u.span_start, u.span_end
),
expected_by_group AS (
  SELECT group_key, count(DISTINCT gpu_uuid) FILTER (WHERE h > 0) AS gpus, sum(h) AS expected_h
  FROM expected GROUP BY group_key
),
allocated AS (
  SELECT CASE $group_by WHEN 'cluster' THEN cluster WHEN 'node' THEN node WHEN 'model' THEN model
                        WHEN 'team' THEN team WHEN 'namespace' THEN namespace ELSE 'all' END AS group_key,
         sum(h) AS allocated_h
  FROM alloc_spans GROUP BY 1
)
SELECT e.group_key,
       e.gpus::INTEGER AS gpus,
       round(coalesce(o.observed_h, 0), 4) AS observed_gpu_hours,
       round(coalesce(a.allocated_h, 0), 4) AS allocated_gpu_hours,
       round(coalesce(o.busy_h, 0), 4) AS busy_gpu_hours,
       round(coalesce(o.idle_h, 0), 4) AS idle_gpu_hours,
       round(coalesce(o.suspect_h, 0), 4) AS suspect_gpu_hours,
       round(greatest(e.expected_h - coalesce(o.observed_h, 0), 0), 4) AS unobserved_gpu_hours,
       round(o.activity_avg, 4) AS activity_avg,
       round(o.sm_active_avg, 4) AS sm_active_avg
FROM expected_by_group e
LEFT JOIN observed o ON o.group_key IS NOT DISTINCT FROM e.group_key
LEFT JOIN allocated a ON a.group_key IS NOT DISTINCT FROM e.group_key
WHERE e.gpus > 0 OR o.observed_h > 0
ORDER BY e.group_key NULLS LAST
