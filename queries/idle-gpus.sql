-- @query idle-gpus
-- @version 1
-- @description Idle GPU episodes, one row per episode: who held the idle GPU or MIG instance, since when, how long, with evidence (METRICS.md, GPU).
-- @param from timestamptz  Window start, inclusive: episodes with an idle minute starting in [from, to) are reported, whole.
-- @param to timestamptz  Window end, exclusive.
-- @param min_minutes integer  An episode is at least this many consecutive idle minutes (default 30).
-- @param idle_activity double  A minute is idle below this activity (default 0.05).
-- @param idle_dram double  …and below this DRAM activity where present (default 0.05).
-- @param idle_power_baseline_factor double  …and at most this × the model's idle power (default 1.3)…
-- @param idle_power_limit_share double  …or this share of the power limit, whichever is larger (default 0.25).
-- @param suspect_util double  Profiling activity 0 while GPU_UTIL is at least this is suspect (default 0.5).
-- @param suspect_power_share double  …or while power is at least this share of the limit (default 0.5).
-- @param warm_memory_mib double  An allocated episode is warm when its median memory used exceeds this (default 1024)…
-- @param warm_memory_share double  …or this share of the unit's memory (default 0.1).
-- @column gpu_uuid varchar
-- @column gpu_instance varchar  MIG instance id (GPU_I_ID); NULL for a whole GPU.
-- @column node varchar
-- @column cluster varchar
-- @column model varchar
-- @column class varchar  partial | warm | allocated | unallocated (first match wins, in that order).
-- @column namespace varchar  Of the pod holding the unit; NULL when unallocated.
-- @column pod varchar
-- @column team varchar  Namespace → team by the ownership rules; NULL when unknown or unallocated.
-- @column start timestamptz  First idle minute.
-- @column end timestamptz  End of the last idle minute (exclusive); NULL while ongoing.
-- @column idle_minutes integer  Consecutive idle minutes (end − start; while ongoing, up to the newest minute).
-- @column gpu_hours double  idle_minutes ÷ 60 × the unit's share (1 or the MIG slice fraction) × the pod's time-slicing share.
-- @column cost decimal  gpu_hours × the GPU-hour price from gpu_price; NULL without a single price for the model.
-- @column currency varchar
-- @column evidence json  Signals, thresholds, maxima, memory, what started and ended the episode, quality flags, price.
--
-- Minutes are classified exactly as in gpu-util (the same CASE on the same bound thresholds): unobserved (a row
-- without activity and without bad samples), suspect, idle, busy. An idle run (island) is a maximal run of idle
-- minutes of one unit (GPU, or MIG instance) in which every next minute row exists and is idle: a missing minute
-- (exporter gap, before first_seen, from retired_at on) or a non-idle minute ends it, so a gap splits an episode and
-- never bridges it. Islands are gaps-and-islands: over the idle rows of a unit, minute − row_number() is constant
-- within a run.
--
-- Allocations split islands: an island is cut where an allocation starts or ends, into pieces of one holder each —
-- a pod (under time-slicing one piece per pod, over the minutes that pod held the unit, weighted by its share) or
-- nobody (the minutes no pod held it). An episode is a piece of at least min_minutes: 40 unallocated idle minutes
-- followed by 20 under a pod give one unallocated episode and none for the pod. A pod holds minute m when
-- start_at ≤ m < end_at, as in gpu-util.
--
-- Episodes are reported whole, not clipped to the window: an engineer asks "idle since when, how long, at what
-- cost", and an episode that began before --from keeps its true start, idle_minutes, gpu_hours and cost (the notes
-- give the share inside the window; it is greatest(start, from) .. least(coalesce(end, to), to), since an episode's
-- minutes are contiguous). Only what touches the window is read: its idle rows; for units idle at its first minute,
-- the history back to their last non-idle minute (every row after it is idle, so no sort: the run starts at the
-- first of them, or after the latest missing minute); for units idle at its last minute, the rows after it up to
-- their next non-idle minute.
--
-- Class, first match wins: unallocated (no pod); partial (the pod holds more than one GPU and another GPU of the
-- pod — an allocation of the same namespace/pod overlapping the episode — has a busy minute during it: the pod asked
-- for more GPUs than it uses, whatever memory it holds); warm (the median mem_used_mib of the episode's minutes
-- exceeds warm_memory_mib or warm_memory_share × the unit's memory: a loaded model; the median, so a minute's spike
-- neither makes nor hides one); allocated. Ongoing (end NULL): the episode reaches the newest minute of the whole
-- fleet (its unit still reports) and its pod, if any, still holds the unit.
--
-- Cost: the GPU-hour price of the unit's model from gpu_price (price_per_hour ÷ gpus_per_instance) at the newest
-- as_of on or before the episode's start day (UTC), else the oldest; NULL when there is none or when the rows of that
-- as_of disagree (several instance types, regions or currencies: GPUs carry a cluster, not a region or an instance
-- type). Prices derived from cost data (METRICS.md, Cost) are not applied here.
--
-- Evidence: activity_sources, dram_present, power_present, max_activity, max_dram_active, max_power_w,
-- mem_used_mib_median / _max, memory_mib (the unit's), thresholds (idle_activity, idle_dram, idle_power_max_w of
-- the model, min_minutes, warm_memory_mib in effect), started_after / ended_by (busy, suspect, unobserved,
-- no_telemetry, allocation; newest_telemetry), suspect_adjacent, mig_profile, unit_share, time_slicing_share,
-- pod_gpus, pod_busy_gpus, price ({source, as_of, per_gpu_hour} or {missing}).
WITH
horizon AS (SELECT max(minute) AS last_minute FROM gpu_minute),
units AS MATERIALIZED (
  SELECT row_number() OVER (ORDER BY g.gpu_uuid, coalesce(i.gpu_instance, '')) AS uid,
         g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share, i.profile AS mig_profile,
         g.cluster, g.node, g.model, g.power_limit_w, coalesce(m.idle_power_w, 0) AS idle_power_w,
         coalesce(i.memory_mib, g.memory_mib, m.memory_mib) AS memory_mib,
         greatest($idle_power_baseline_factor * coalesce(m.idle_power_w, 0), $idle_power_limit_share * coalesce(g.power_limit_w, 0)) AS idle_power_max_w,
         g.first_seen, coalesce(g.retired_at, 'infinity'::TIMESTAMPTZ) AS retired_at
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
  LEFT JOIN gpu_models m ON m.model = g.model
),
-- The units each pass reads: every unit for the window; for the history before (after) it, only the units whose
-- activity is low at the window's first (last) minute, so the state of older rows is computed for those alone.
scan_units AS MATERIALIZED (
  SELECT 'window' AS pass, * FROM units
  UNION ALL
  SELECT 'before', * FROM units u
  WHERE (u.gpu_uuid, u.gpu_instance) IN (
    SELECT (gpu_uuid, gpu_instance) FROM gpu_minute
    WHERE minute >= $from AND minute < least($from + INTERVAL 1 MINUTE, $to) AND activity < $idle_activity)
  UNION ALL
  SELECT 'after', * FROM units u
  WHERE (u.gpu_uuid, u.gpu_instance) IN (
    SELECT (gpu_uuid, gpu_instance) FROM gpu_minute
    WHERE minute >= greatest($to - INTERVAL 1 MINUTE, $from) AND minute < $to AND activity < $idle_activity)
),
-- Every minute row of a unit in service with its state (the gpu-util CASE). Inlined into each use, so that the minute
-- bounds of a use prune the scan; lookups join on (gpu_uuid, gpu_instance, minute) so DuckDB can push their range down.
classified AS NOT MATERIALIZED (
  SELECT u.pass, u.uid, m.gpu_uuid, m.gpu_instance, m.minute, m.activity, m.activity_source, m.dram_active, m.mem_used_mib, m.power_w,
         CASE
           WHEN m.activity IS NULL AND m.bad_samples = 0 THEN 'unobserved'
           WHEN m.bad_samples > 0
             OR (m.prof_activity = 0 AND (m.gpu_util >= $suspect_util OR m.power_w >= $suspect_power_share * u.power_limit_w))
             THEN 'suspect'
           WHEN m.activity < $idle_activity
             AND coalesce(m.dram_active, 0) < $idle_dram
             AND (m.power_w IS NULL
                  OR m.power_w <= greatest($idle_power_baseline_factor * u.idle_power_w,
                                           $idle_power_limit_share * coalesce(u.power_limit_w, 0)))
             THEN 'idle'
           ELSE 'busy'
         END AS state
  FROM gpu_minute m
  JOIN scan_units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= u.first_seen AND m.minute < u.retired_at
),
-- Idle rows of the window, plus, for units idle at the window's last minute, those after it up to their next
-- non-idle minute (their run goes on after --to).
tail_units AS (
  SELECT DISTINCT uid FROM classified
  WHERE pass = 'window' AND minute >= greatest($to - INTERVAL 1 MINUTE, $from) AND minute < $to AND state = 'idle'
),
tail_break AS (
  SELECT uid, min(minute) FILTER (WHERE state <> 'idle') AS at, arg_min(state, minute) FILTER (WHERE state <> 'idle') AS state
  FROM classified WHERE pass = 'after' AND minute >= $to AND uid IN (SELECT uid FROM tail_units)
  GROUP BY uid
),
idle_rows AS (
  SELECT uid, minute, activity, activity_source, dram_active, mem_used_mib, power_w
  FROM classified WHERE pass = 'window' AND minute >= $from AND minute < $to AND state = 'idle'
  UNION ALL
  SELECT c.uid, c.minute, c.activity, c.activity_source, c.dram_active, c.mem_used_mib, c.power_w
  FROM classified c JOIN tail_break b ON b.uid = c.uid
  WHERE c.pass = 'after' AND c.minute >= $to AND (b.at IS NULL OR c.minute < b.at) AND c.state = 'idle'
),
-- Gaps and islands: minute − row_number() is constant over a run of consecutive idle minutes of a unit.
ranked AS MATERIALIZED (
  SELECT *, epoch(minute)::BIGINT // 60 - row_number() OVER (PARTITION BY uid ORDER BY minute) AS grp FROM idle_rows
),
window_islands AS (
  SELECT uid, grp, min(minute) AS ws, max(minute) + INTERVAL 1 MINUTE AS e FROM ranked GROUP BY uid, grp HAVING min(minute) < $to
),
-- Units idle at the window's first minute: their run may have begun before --from. The history is read back to the
-- unit's last non-idle minute before the window (no sort: the rows after it are all idle), and the run's start is the
-- latest of those idle minutes whose previous minute has no row (an exporter gap), else the first of them.
head_units AS (
  SELECT uid, min(minute) AS f FROM classified
  WHERE pass = 'window' AND minute >= $from AND minute < least($from + INTERVAL 1 MINUTE, $to) AND state = 'idle'
  GROUP BY uid
),
head_history AS MATERIALIZED (
  SELECT uid, minute, state, activity, activity_source, dram_active, mem_used_mib, power_w
  FROM classified WHERE pass = 'before' AND minute < $from AND uid IN (SELECT uid FROM head_units)
),
head_break AS (
  SELECT uid, max(minute) FILTER (WHERE state <> 'idle') AS at, arg_max(state, minute) FILTER (WHERE state <> 'idle') AS state
  FROM head_history GROUP BY uid
),
head_rows AS MATERIALIZED (
  SELECT h.uid, h.minute, epoch(h.minute)::BIGINT // 60 AS mi, h.activity, h.activity_source, h.dram_active, h.mem_used_mib, h.power_w
  FROM head_history h JOIN head_break b ON b.uid = h.uid
  WHERE b.at IS NULL OR h.minute > b.at
),
-- The run's start: the first of those minutes when they have no gap (count = span), else the latest one whose
-- previous minute has no row.
head_spans AS (
  SELECT uid, min(minute) AS first, max(minute) AS last, count(*) = epoch(max(minute) - min(minute)) // 60 + 1 AS contiguous
  FROM head_rows GROUP BY uid
),
head_gappy AS (SELECT uid, mi FROM head_rows WHERE uid IN (SELECT uid FROM head_spans WHERE NOT contiguous)),
head_runs AS (
  SELECT r.uid, r.last, CASE WHEN r.contiguous THEN r.first ELSE g.s END AS s
  FROM head_spans r
  LEFT JOIN (
    SELECT a.uid, to_timestamp(max(a.mi) * 60) AS s
    FROM head_gappy a ANTI JOIN head_gappy b ON b.uid = a.uid AND b.mi = a.mi - 1
    GROUP BY a.uid
  ) g ON g.uid = r.uid
),
islands AS (
  SELECT w.uid, w.grp, coalesce(r.s, w.ws) AS s, w.ws, w.e
  FROM window_islands w
  LEFT JOIN head_units hu ON hu.uid = w.uid AND hu.f = w.ws
  LEFT JOIN head_runs r ON r.uid = hu.uid AND r.last = hu.f - INTERVAL 1 MINUTE
  WHERE epoch(w.e - coalesce(r.s, w.ws)) / 60 >= $min_minutes
),
-- Allocations on minute boundaries: a pod holds minute m when start_at ≤ m < end_at (one within a minute holds none).
allocs AS (
  SELECT u.uid, a.namespace, a.pod, a.pod_gpus, a.share AS alloc_share, r.team,
         date_trunc('minute', a.start_at) + CASE WHEN date_trunc('minute', a.start_at) < a.start_at THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END AS a_start,
         coalesce(date_trunc('minute', a.end_at) + CASE WHEN date_trunc('minute', a.end_at) < a.end_at THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END,
                  'infinity'::TIMESTAMPTZ) AS a_end
  FROM gpu_allocations a
  JOIN units u ON u.gpu_uuid = a.gpu_uuid AND u.gpu_instance = a.gpu_instance
  LEFT JOIN ownership_rules r ON r.match_kind = 'namespace' AND r.match_value = a.namespace
),
held AS (
  SELECT i.uid, i.grp, i.s, i.ws, i.e, a.namespace, a.pod, a.pod_gpus, a.alloc_share, a.team, a.a_start, a.a_end,
         greatest(i.s, a.a_start) AS ps, least(i.e, a.a_end) AS pe
  FROM islands i JOIN allocs a ON a.uid = i.uid AND a.a_start < i.e AND a.a_end > i.s AND a.a_end > a.a_start
),
-- The minutes of an island no pod held: the spans between the island's ends and the allocation boundaries inside it
-- that no allocation covers.
cuts AS (
  SELECT uid, grp, s AS t FROM islands
  UNION SELECT uid, grp, e FROM islands
  UNION SELECT uid, grp, a_start FROM held WHERE a_start > s
  UNION SELECT uid, grp, a_end FROM held WHERE a_end < e
),
spans AS (
  SELECT uid, grp, t AS ps, lead(t) OVER (PARTITION BY uid, grp ORDER BY t) AS pe FROM cuts
),
pieces AS MATERIALIZED (
  SELECT row_number() OVER (ORDER BY uid, ps, pod NULLS FIRST, namespace) AS pid, *
  FROM (
    SELECT h.uid, h.grp, h.s, h.ws, h.e, h.ps, h.pe, h.namespace, h.pod, h.pod_gpus, h.alloc_share, h.team, h.a_start, h.a_end FROM held h
    UNION ALL
    SELECT sp.uid, sp.grp, i.s, i.ws, i.e, sp.ps, sp.pe, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM spans sp JOIN islands i ON i.uid = sp.uid AND i.grp = sp.grp
    WHERE sp.pe IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM held h WHERE h.uid = sp.uid AND h.grp = sp.grp AND h.ps < sp.pe AND h.pe > sp.ps)
  )
  WHERE epoch(pe - ps) / 60 >= $min_minutes AND pe - INTERVAL 1 MINUTE >= $from AND ps < $to
),
-- The idle minutes of each episode: from the window part (same island) and from the history read back.
piece_rows AS (
  SELECT p.pid, r.mem_used_mib, r.activity, r.dram_active, r.power_w, r.activity_source
  FROM pieces p JOIN ranked r ON r.uid = p.uid AND r.grp = p.grp AND r.minute >= p.ps AND r.minute < p.pe
  UNION ALL
  SELECT p.pid, h.mem_used_mib, h.activity, h.dram_active, h.power_w, h.activity_source
  FROM pieces p JOIN head_rows h ON h.uid = p.uid AND h.minute >= p.ps AND h.minute < least(p.pe, p.ws)
  WHERE p.ps < p.ws
),
piece_stats AS (
  SELECT pid, count(*) AS n, max(activity) AS max_activity, max(dram_active) AS max_dram_active, max(power_w) AS max_power_w,
         median(mem_used_mib) AS mem_median, max(mem_used_mib) AS mem_max,
         list_distinct([min(activity_source), max(activity_source)]) AS activity_sources
  FROM piece_rows GROUP BY pid
),
-- One lookup of single minutes, so that DuckDB pushes its range down to the scan:
-- partial: the minutes of the other GPUs of the pod (allocations of the same namespace/pod overlapping the episode)
-- during the episode, busy or not; edges: inside the window, the minutes just before and after each island.
lookups AS (
  SELECT l.kind, l.pid, l.uid, u.gpu_uuid, u.gpu_instance, l.minute
  FROM (
    SELECT 'sibling' AS kind, p.pid, a.uid,
           unnest(generate_series(greatest(p.ps, a.a_start), least(p.pe, a.a_end) - INTERVAL 1 MINUTE, INTERVAL 1 MINUTE)) AS minute
    FROM pieces p
    JOIN allocs a ON a.namespace = p.namespace AND a.pod = p.pod AND a.uid <> p.uid AND a.a_start < p.pe AND a.a_end > p.ps
    WHERE p.pod_gpus > 1
    UNION ALL
    SELECT DISTINCT 'edge', NULL, uid, s - INTERVAL 1 MINUTE FROM islands WHERE s - INTERVAL 1 MINUTE >= $from
    UNION ALL
    SELECT DISTINCT 'edge', NULL, uid, e FROM islands WHERE e < $to
  ) l
  JOIN units u ON u.uid = l.uid
),
looked_up AS MATERIALIZED (
  SELECT l.kind, l.pid, l.uid, l.minute, c.state
  FROM lookups l
  JOIN classified c ON c.gpu_uuid = l.gpu_uuid AND c.gpu_instance = l.gpu_instance AND c.minute = l.minute
  WHERE c.pass = 'window'
),
sibling_busy AS (
  SELECT pid, count(DISTINCT uid) AS busy_gpus FROM looked_up WHERE kind = 'sibling' AND state = 'busy' GROUP BY pid
),
edge_states AS (
  SELECT DISTINCT uid, minute, state FROM looked_up WHERE kind = 'edge'
),
prices AS (
  SELECT gpu_model, as_of, price_per_hour / gpus_per_instance AS per_gpu_hour, currency FROM gpu_price
),
piece_price AS (
  SELECT p.pid, min(pr.per_gpu_hour) AS per_gpu_hour, min(pr.currency) AS currency, min(pr.as_of) AS as_of,
         count(DISTINCT (pr.per_gpu_hour, pr.currency)) AS variants
  FROM pieces p
  JOIN units u ON u.uid = p.uid
  JOIN (SELECT p2.pid, coalesce(max(pr2.as_of) FILTER (WHERE pr2.as_of <= (p2.ps AT TIME ZONE 'UTC')::DATE), min(pr2.as_of)) AS as_of
        FROM pieces p2 JOIN units u2 ON u2.uid = p2.uid JOIN prices pr2 ON pr2.gpu_model = u2.model GROUP BY p2.pid) pick ON pick.pid = p.pid
  JOIN prices pr ON pr.gpu_model = u.model AND pr.as_of = pick.as_of
  GROUP BY p.pid
),
episodes AS (
  SELECT p.*, u.gpu_uuid, u.gpu_instance, u.node, u.cluster, u.model, u.share AS unit_share, u.mig_profile, u.memory_mib,
         u.idle_power_max_w, st.n, st.max_activity, st.max_dram_active, st.max_power_w, st.mem_median, st.mem_max,
         st.activity_sources, coalesce(sb.busy_gpus, 0) AS pod_busy_gpus,
         least($warm_memory_mib, coalesce($warm_memory_share * u.memory_mib, $warm_memory_mib)) AS warm_threshold_mib,
         p.pe = p.e AND p.e - INTERVAL 1 MINUTE = h.last_minute AND (p.pod IS NULL OR p.a_end > p.pe) AS ongoing,
         CASE
           WHEN p.ps > p.s THEN 'allocation'
           WHEN p.s - INTERVAL 1 MINUTE < $from THEN coalesce(CASE WHEN hb.at = p.s - INTERVAL 1 MINUTE THEN hb.state END, 'no_telemetry')
           ELSE coalesce(es.state, 'no_telemetry')
         END AS started_after,
         CASE
           WHEN p.pe < p.e THEN 'allocation'
           WHEN p.e - INTERVAL 1 MINUTE = h.last_minute THEN 'newest_telemetry'
           WHEN p.e >= $to THEN coalesce(CASE WHEN tb.at = p.e THEN tb.state END, 'no_telemetry')
           ELSE coalesce(ee.state, 'no_telemetry')
         END AS ended_by,
         pp.per_gpu_hour, pp.currency AS price_currency, pp.as_of AS price_as_of, pp.variants AS price_variants
  FROM pieces p
  JOIN units u ON u.uid = p.uid
  JOIN piece_stats st ON st.pid = p.pid
  CROSS JOIN horizon h
  LEFT JOIN sibling_busy sb ON sb.pid = p.pid
  LEFT JOIN head_break hb ON hb.uid = p.uid
  LEFT JOIN tail_break tb ON tb.uid = p.uid
  LEFT JOIN edge_states es ON es.uid = p.uid AND es.minute = p.s - INTERVAL 1 MINUTE
  LEFT JOIN edge_states ee ON ee.uid = p.uid AND ee.minute = p.e
  LEFT JOIN piece_price pp ON pp.pid = p.pid
)
SELECT gpu_uuid,
       nullif(gpu_instance, '') AS gpu_instance,
       node, cluster, model,
       CASE
         WHEN pod IS NULL THEN 'unallocated'
         WHEN pod_gpus > 1 AND pod_busy_gpus > 0 THEN 'partial'
         WHEN mem_median > warm_threshold_mib THEN 'warm'
         ELSE 'allocated'
       END AS class,
       namespace, pod, team,
       ps AS start,
       CASE WHEN ongoing THEN NULL ELSE pe END AS "end",
       (epoch(pe - ps) // 60)::INTEGER AS idle_minutes,
       round(epoch(pe - ps) / 3600 * unit_share * coalesce(alloc_share, 1.0), 4) AS gpu_hours,
       CASE WHEN price_variants = 1
            THEN round(epoch(pe - ps) / 3600 * unit_share * coalesce(alloc_share, 1.0) * per_gpu_hour::DOUBLE, 6)::DECIMAL(38, 12)
       END AS cost,
       CASE WHEN price_variants = 1 THEN price_currency END AS currency,
       json_object(
         'activity_sources', activity_sources,
         'dram_present', max_dram_active IS NOT NULL,
         'power_present', max_power_w IS NOT NULL,
         'max_activity', max_activity,
         'max_dram_active', max_dram_active,
         'max_power_w', max_power_w,
         'mem_used_mib_median', mem_median,
         'mem_used_mib_max', mem_max,
         'memory_mib', memory_mib,
         'thresholds', json_object(
           'idle_activity', $idle_activity, 'idle_dram', $idle_dram, 'idle_power_max_w', idle_power_max_w,
           'min_minutes', $min_minutes, 'warm_memory_mib', warm_threshold_mib),
         'started_after', started_after,
         'ended_by', ended_by,
         'mig_profile', mig_profile,
         'unit_share', unit_share,
         'time_slicing_share', CASE WHEN alloc_share < 1 THEN alloc_share END,
         'pod_gpus', pod_gpus,
         'pod_busy_gpus', CASE WHEN pod_gpus > 1 THEN pod_busy_gpus END,
         'suspect_adjacent', started_after = 'suspect' OR ended_by = 'suspect',
         'price', CASE
                    WHEN price_variants = 1 THEN json_object('source', 'gpu_price', 'as_of', price_as_of, 'per_gpu_hour', per_gpu_hour::DOUBLE)
                    WHEN price_variants > 1 THEN json_object('missing', 'gpu_price has several prices for this model')
                    ELSE json_object('missing', 'no gpu_price for this model')
                  END
       ) AS evidence
FROM episodes
ORDER BY start, cluster, node, gpu_uuid, gpu_instance, pod NULLS FIRST, namespace
