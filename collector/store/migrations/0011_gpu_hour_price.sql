-- One definition of the GPU-hour price, of minute states and of idle GPU episodes (METRICS.md, GPU and Cost), as
-- macros that the queries call with their bound parameters: idle-gpus, gpu-spend and cost-per-1k can no longer
-- disagree about the same facts. A macro is expanded into the calling query (DuckDB plans it as if written there), so
-- filters on its arguments still prune the scans. DuckDB 1.5 does not keep MATERIALIZED / NOT MATERIALIZED of a CTE
-- in a stored macro (it plans a reopened file without them), so these use none: a CTE referenced more than once is
-- materialized, and whatever must prune its own scan reads the table itself. Macro parameters take precedence over
-- column names: none of the names below is a column of the tables read. A change of a definition is a new migration
-- (CREATE OR REPLACE MACRO).

-- gpu_hour_cost_price(win_from, win_to, cluster_tags): step 1 of gpu_hour_price below alone, the GPU-hour price of
-- the (cluster, model) pairs that the cost data of [win_from, win_to) prices: cluster, model, currency, price,
-- estimated. cost-per-1k applies it to each day.
CREATE OR REPLACE MACRO gpu_hour_cost_price(win_from, win_to, cluster_tags) AS TABLE
SELECT cluster, model, min(currency) AS currency, sum(cost) / sum(gpu_h) AS price, bool_or(estimated) AS estimated
FROM (
  SELECT c.x_gpu_model AS model, c.EffectiveCost AS cost, c.BillingCurrency AS currency, c.x_estimated AS estimated,
         coalesce(c.x_cluster, list_filter(list_transform(from_json(cluster_tags, '["VARCHAR"]'), lambda k: json_extract_string(c.Tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS cluster,
         (c.x_gpus_per_instance * CASE
            WHEN lower(c.PricingUnit) IN ('hours', 'hour', 'hrs', 'hr') THEN c.PricingQuantity
            WHEN lower(c.ConsumedUnit) IN ('hours', 'hour', 'hrs', 'hr') THEN c.ConsumedQuantity
          END)::DOUBLE AS gpu_h
  FROM cost_line c
  WHERE c.x_gpu_model IS NOT NULL
    AND c.ChargePeriodStart >= win_from AND c.ChargePeriodStart < win_to
    AND c.ChargeCategory = 'Usage' AND coalesce(c.CommitmentDiscountStatus, '') <> 'Unused'
)
WHERE gpu_h > 0 AND cluster IS NOT NULL
GROUP BY cluster, model
HAVING count(DISTINCT currency) = 1;

-- gpu_hour_price(win_from, win_to, price_overrides, cluster_tags): the GPU-hour price of every (cluster, GPU model)
-- that the fleet (gpus) or the cost data of the window knows, for the window [win_from, win_to).
-- 1. From the cost data, when it identifies GPU instances of the cluster and model: EffectiveCost ÷ GPU-hours of the
--    GPU lines (x_gpu_model set) with ChargePeriodStart in the window, over the Usage lines whose quantity is in
--    hours (not unused commitment rows): instance hours × GPUs per instance. The cluster of a line is x_cluster, else
--    the value of the first of cluster_tags (JSON list of tag keys) it carries. A pair billed in several currencies
--    has no cost-data price (the price list applies). source 'cost_data', estimated when a line is.
-- 2. Else from the price list: price_overrides (pulse.yaml prices, JSON [{instance_type, region ('*' = any),
--    gpu_model, gpus, price_per_hour, currency}]), then the gpu_price table without the rows an override replaces
--    (same instance type and region): the per-GPU price (price_per_hour ÷ GPUs per instance) of the model's instance
--    type with the most GPUs, us-east-1 (or '*') first, at the newest as_of on or before the window's last day (else
--    the oldest one: a price list recorded after the window is the best there is). Overrides come before gpu_price.
--    source 'config:TYPE' or 'gpu_price:TYPE@AS_OF', as_of the gpu_price date.
-- price is NULL (source NULL) when neither exists. Returns cluster, model, price (per GPU-hour, DOUBLE), currency,
-- source, as_of, estimated.
CREATE OR REPLACE MACRO gpu_hour_price(win_from, win_to, price_overrides, cluster_tags) AS TABLE
WITH
cost_price AS (SELECT * FROM gpu_hour_cost_price(win_from, win_to, cluster_tags)),
overrides AS (
  SELECT instance_type, region, gpu_model, gpus, price_per_hour::DECIMAL(38,12) AS price_per_hour, currency
  FROM (SELECT unnest(from_json(price_overrides, '[{"instance_type":"VARCHAR","region":"VARCHAR","gpu_model":"VARCHAR","gpus":"INTEGER","price_per_hour":"VARCHAR","currency":"VARCHAR"}]'), recursive := true))
),
price_list AS (
  SELECT instance_type, region, gpu_model, gpus, price_per_hour, currency, 'config:' || instance_type AS source, 0 AS rank_source, NULL::DATE AS as_of
  FROM overrides
  UNION ALL
  SELECT p.instance_type, p.region, p.gpu_model, p.gpus_per_instance, p.price_per_hour, p.currency,
         'gpu_price:' || p.instance_type || '@' || p.as_of::VARCHAR, 1, p.as_of
  FROM gpu_price p
  WHERE NOT EXISTS (SELECT 1 FROM overrides o WHERE o.instance_type = p.instance_type AND (o.region = '*' OR o.region = p.region))
),
model_price AS (
  SELECT model, price, currency, source, as_of FROM (
    SELECT gpu_model AS model, price_per_hour / gpus AS price, currency, source, as_of,
           row_number() OVER (
             PARTITION BY gpu_model
             ORDER BY rank_source, gpus DESC, region IN ('us-east-1', '*') DESC,
                      coalesce(timezone('UTC', as_of::TIMESTAMP) < win_to, true) DESC,
                      CASE WHEN coalesce(timezone('UTC', as_of::TIMESTAMP) < win_to, true) THEN as_of END DESC,
                      as_of, instance_type) AS rn
    FROM price_list WHERE gpus > 0)
  WHERE rn = 1
),
pairs AS (
  SELECT DISTINCT cluster, model FROM gpus
  UNION
  SELECT cluster, model FROM cost_price
)
SELECT p.cluster, p.model,
       coalesce(cp.price, mp.price::DOUBLE) AS price,
       CASE WHEN cp.price IS NOT NULL THEN cp.currency ELSE mp.currency END AS currency,
       CASE WHEN cp.price IS NOT NULL THEN 'cost_data' ELSE mp.source END AS source,
       CASE WHEN cp.price IS NULL THEN mp.as_of END AS as_of,
       coalesce(cp.estimated, false) AS estimated
FROM pairs p
LEFT JOIN cost_price cp ON cp.cluster = p.cluster AND cp.model = p.model
LEFT JOIN model_price mp ON mp.model = p.model;

-- gpu_minute_state(…): the state of a gpu_minute row (METRICS.md, GPU), the CASE of gpu-util: unobserved (no activity
-- and no bad samples), suspect (bad samples, or profiling activity 0 while GPU_UTIL ≥ suspect_util or power ≥
-- suspect_power_share × the power limit), idle (activity < idle_activity, DRAM activity < idle_dram where present,
-- power ≤ max(idle_power_baseline_factor × the model's idle power, idle_power_limit_share × the limit) where present),
-- else busy. The first six arguments are the row's columns, the next two the unit's power limit and idle power.
CREATE OR REPLACE MACRO gpu_minute_state(m_activity, m_bad_samples, m_prof_activity, m_gpu_util, m_dram_active, m_power_w,
                                         u_power_limit_w, u_idle_power_w, idle_activity, idle_dram, idle_power_baseline_factor,
                                         idle_power_limit_share, suspect_util, suspect_power_share) AS
  CASE
    WHEN m_activity IS NULL AND m_bad_samples = 0 THEN 'unobserved'
    WHEN m_bad_samples > 0
      OR (m_prof_activity = 0 AND (m_gpu_util >= suspect_util OR m_power_w >= suspect_power_share * u_power_limit_w))
      THEN 'suspect'
    WHEN m_activity < idle_activity
      AND coalesce(m_dram_active, 0) < idle_dram
      AND (m_power_w IS NULL
           OR m_power_w <= greatest(idle_power_baseline_factor * u_idle_power_w, idle_power_limit_share * coalesce(u_power_limit_w, 0)))
      THEN 'idle'
    ELSE 'busy'
  END;

-- gpu_idle_episodes(win_from, win_to, hist_from, hist_to, min_minutes, idle_activity, idle_dram,
--   idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share, warm_memory_mib,
--   warm_memory_share, with_evidence): the idle episodes with an idle minute in [win_from, win_to), whole (as far as
--   the history read allows), one row per episode.
--
-- Minutes are classified as in gpu-util (the same CASE on the same thresholds): unobserved (a row without activity
-- and without bad samples), suspect, idle, busy. An idle run (island) is a maximal run of idle minutes of one unit
-- (GPU, or MIG instance) in which every next minute row exists and is idle: a missing minute (exporter gap, before
-- first_seen, from retired_at on) or a non-idle minute ends it, so a gap splits an episode and never bridges it.
-- Islands are gaps-and-islands: over the idle rows of a unit, minute − row_number() is constant within a run.
--
-- Allocations split islands: an island is cut where an allocation starts or ends, into pieces of one holder each —
-- a pod (under time-slicing one piece per pod, over the minutes that pod held the unit, weighted by its share) or
-- nobody (the minutes no pod held it). An episode is a piece of at least min_minutes: 40 unallocated idle minutes
-- followed by 20 under a pod give one unallocated episode and none for the pod. A pod holds minute m when
-- start_at ≤ m < end_at.
--
-- History: rows in [hist_from, hist_to) are read. Only what touches the window is read: its idle rows; for units idle
-- at its first minute, the history back to their last non-idle minute (every row after it is idle, so no sort: the
-- run starts at the first of them, or after the latest missing minute), not before hist_from; for units idle at its
-- last minute, the rows after it up to their next non-idle minute, not from hist_to on. With hist_from = -infinity and
-- hist_to = infinity episodes are whole (idle-gpus). With hist_from ≤ win_from − (min_minutes + 1) minutes and
-- hist_to ≥ win_to + (min_minutes + 1) minutes the same episodes are returned, cut at the history bounds: an episode
-- cut there still has more than min_minutes, and one that is not cut is whole (gpu-spend, which counts the part of
-- each episode inside the window, reads no more).
--
-- Class, first match wins: unallocated (no pod); partial (the pod holds more than one GPU and another GPU of the
-- pod — an allocation of the same namespace/pod overlapping the episode — has a busy minute during it); warm (the
-- median mem_used_mib of the episode's minutes exceeds warm_memory_mib or warm_memory_share × the unit's memory);
-- allocated. Ongoing: the episode reaches the newest minute of the whole fleet (its unit still reports) and its pod,
-- if any, still holds the unit. team: the ownership rule of the pod's namespace.
--
-- with_evidence = false (a constant) skips what only the evidence needs (statistics of the episode's minutes, the
-- states around it, the other GPUs of the pod): class, statistics and started_after / ended_by are then NULL.
CREATE OR REPLACE MACRO gpu_idle_episodes(win_from, win_to, hist_from, hist_to, min_minutes, idle_activity, idle_dram,
                                          idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share,
                                          warm_memory_mib, warm_memory_share, with_evidence) AS TABLE
WITH
horizon AS (SELECT max(minute) AS last_minute FROM gpu_minute),
-- Units (GPU, or MIG instance) with the span of rows read: in service and in the history asked for.
units AS (
  SELECT row_number() OVER (ORDER BY g.gpu_uuid, coalesce(i.gpu_instance, '')) AS uid,
         g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share, i.profile AS mig_profile,
         g.cluster, g.node, g.model, g.power_limit_w, coalesce(m.idle_power_w, 0) AS idle_power_w,
         coalesce(i.memory_mib, g.memory_mib, m.memory_mib) AS memory_mib,
         greatest(idle_power_baseline_factor * coalesce(m.idle_power_w, 0), idle_power_limit_share * coalesce(g.power_limit_w, 0)) AS idle_power_max_w,
         greatest(g.first_seen, hist_from) AS read_from, least(coalesce(g.retired_at, 'infinity'::TIMESTAMPTZ), hist_to) AS read_to
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
  LEFT JOIN gpu_models m ON m.model = g.model
),
-- Each use of minute rows reads gpu_minute itself, with its own minute bounds, so that they prune the scan (a shared
-- CTE would be materialized whole: DuckDB keeps no NOT MATERIALIZED in a stored macro); the state of a row is
-- gpu_minute_state, the gpu-util CASE.
-- Units idle at the window's last minute: their run goes on after the window.
tail_units AS (
  SELECT DISTINCT u.uid
  FROM gpu_minute m JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= greatest(win_to - INTERVAL 1 MINUTE, win_from) AND m.minute < win_to AND m.minute >= u.read_from AND m.minute < u.read_to
    AND gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                         idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) = 'idle'
),
-- Their next non-idle minute after the window.
tail_break AS (
  SELECT uid, min(minute) FILTER (WHERE state <> 'idle') AS at, arg_min(state, minute) FILTER (WHERE state <> 'idle') AS state
  FROM (
    SELECT u.uid, m.minute,
           gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) AS state
    FROM gpu_minute m
    JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
    JOIN tail_units t ON t.uid = u.uid
    WHERE m.minute >= win_to AND m.minute < hist_to AND m.minute >= u.read_from AND m.minute < u.read_to)
  GROUP BY uid
),
-- Idle rows of the window, plus, for units idle at its last minute, those after it up to their next non-idle minute.
idle_rows AS (
  SELECT uid, minute, activity, activity_source, dram_active, mem_used_mib, power_w
  FROM (
    SELECT u.uid, m.minute, m.activity, m.activity_source, m.dram_active, m.mem_used_mib, m.power_w,
           gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) AS state
    FROM gpu_minute m JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
    WHERE m.minute >= win_from AND m.minute < win_to AND m.minute >= u.read_from AND m.minute < u.read_to)
  WHERE state = 'idle'
  UNION ALL
  SELECT uid, minute, activity, activity_source, dram_active, mem_used_mib, power_w
  FROM (
    SELECT u.uid, m.minute, m.activity, m.activity_source, m.dram_active, m.mem_used_mib, m.power_w, b.at AS break_at,
           gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) AS state
    FROM gpu_minute m
    JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
    JOIN tail_break b ON b.uid = u.uid
    WHERE m.minute >= win_to AND m.minute < hist_to AND m.minute >= u.read_from AND m.minute < u.read_to)
  WHERE (break_at IS NULL OR minute < break_at) AND state = 'idle'
),
-- Gaps and islands: minute − row_number() is constant over a run of consecutive idle minutes of a unit.
ranked AS (
  SELECT *, epoch(minute)::BIGINT // 60 - row_number() OVER (PARTITION BY uid ORDER BY minute) AS grp FROM idle_rows
),
window_islands AS (
  SELECT uid, grp, min(minute) AS ws, max(minute) + INTERVAL 1 MINUTE AS e FROM ranked GROUP BY uid, grp HAVING min(minute) < win_to
),
-- Units idle at the window's first minute: their run may have begun before it. The history is read back to the
-- unit's last non-idle minute before the window (no sort: the rows after it are all idle), and the run's start is
-- the latest of those idle minutes whose previous minute has no row (an exporter gap), else the first of them.
head_units AS (
  SELECT u.uid, min(m.minute) AS f
  FROM gpu_minute m JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= win_from AND m.minute < least(win_from + INTERVAL 1 MINUTE, win_to) AND m.minute >= u.read_from AND m.minute < u.read_to
    AND gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                         idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) = 'idle'
  GROUP BY u.uid
),
head_history AS (
  SELECT u.uid, m.minute, m.activity, m.activity_source, m.dram_active, m.mem_used_mib, m.power_w,
         gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                          idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) AS state
  FROM gpu_minute m
  JOIN units u ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  JOIN head_units h ON h.uid = u.uid
  WHERE m.minute < win_from AND m.minute >= hist_from AND m.minute >= u.read_from AND m.minute < u.read_to
),
head_break AS (
  SELECT uid, max(minute) FILTER (WHERE state <> 'idle') AS at, arg_max(state, minute) FILTER (WHERE state <> 'idle') AS state
  FROM head_history GROUP BY uid
),
head_rows AS (
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
  WHERE epoch(w.e - coalesce(r.s, w.ws)) / 60 >= min_minutes
),
-- Allocations on minute boundaries: a pod holds minute m when start_at ≤ m < end_at (one within a minute holds none).
allocs AS (
  SELECT u.uid, a.namespace, a.pod, a.pod_gpus, a.share AS alloc_share, r.team, a.start_at AS alloc_start_at,
         date_trunc('minute', a.start_at) + CASE WHEN date_trunc('minute', a.start_at) < a.start_at THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END AS a_start,
         coalesce(date_trunc('minute', a.end_at) + CASE WHEN date_trunc('minute', a.end_at) < a.end_at THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END,
                  'infinity'::TIMESTAMPTZ) AS a_end
  FROM gpu_allocations a
  JOIN units u ON u.gpu_uuid = a.gpu_uuid AND u.gpu_instance = a.gpu_instance
  LEFT JOIN ownership_rules r ON r.match_kind = 'namespace' AND r.match_value = a.namespace
),
held AS (
  SELECT i.uid, i.grp, i.s, i.ws, i.e, a.namespace, a.pod, a.pod_gpus, a.alloc_share, a.team, a.alloc_start_at, a.a_start, a.a_end,
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
pieces AS (
  SELECT row_number() OVER (ORDER BY uid, ps, pod NULLS FIRST, namespace) AS pid, *
  FROM (
    SELECT h.uid, h.grp, h.s, h.ws, h.e, h.ps, h.pe, h.namespace, h.pod, h.pod_gpus, h.alloc_share, h.team, h.alloc_start_at, h.a_start, h.a_end
    FROM held h
    UNION ALL
    SELECT sp.uid, sp.grp, i.s, i.ws, i.e, sp.ps, sp.pe, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM spans sp JOIN islands i ON i.uid = sp.uid AND i.grp = sp.grp
    WHERE sp.pe IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM held h WHERE h.uid = sp.uid AND h.grp = sp.grp AND h.ps < sp.pe AND h.pe > sp.ps)
  )
  WHERE epoch(pe - ps) / 60 >= min_minutes AND pe - INTERVAL 1 MINUTE >= win_from AND ps < win_to
),
-- Evidence only. The idle minutes of each episode: from the window part (same island) and from the history read back.
piece_rows AS (
  SELECT p.pid, r.mem_used_mib, r.activity, r.dram_active, r.power_w, r.activity_source
  FROM pieces p JOIN ranked r ON r.uid = p.uid AND r.grp = p.grp AND r.minute >= p.ps AND r.minute < p.pe
  WHERE with_evidence
  UNION ALL
  SELECT p.pid, h.mem_used_mib, h.activity, h.dram_active, h.power_w, h.activity_source
  FROM pieces p JOIN head_rows h ON h.uid = p.uid AND h.minute >= p.ps AND h.minute < least(p.pe, p.ws)
  WHERE with_evidence AND p.ps < p.ws
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
    WHERE with_evidence AND p.pod_gpus > 1
    UNION ALL
    SELECT DISTINCT 'edge', NULL, uid, s - INTERVAL 1 MINUTE FROM islands WHERE with_evidence AND s - INTERVAL 1 MINUTE >= win_from
    UNION ALL
    SELECT DISTINCT 'edge', NULL, uid, e FROM islands WHERE with_evidence AND e < win_to
  ) l
  JOIN units u ON u.uid = l.uid
),
looked_up AS (
  SELECT l.kind, l.pid, l.uid, l.minute,
         gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                          idle_activity, idle_dram, idle_power_baseline_factor, idle_power_limit_share, suspect_util, suspect_power_share) AS state
  FROM lookups l
  JOIN units u ON u.uid = l.uid
  JOIN gpu_minute m ON m.gpu_uuid = l.gpu_uuid AND m.gpu_instance = l.gpu_instance AND m.minute = l.minute
  WHERE m.minute >= u.read_from AND m.minute < u.read_to
),
sibling_busy AS (
  SELECT pid, count(DISTINCT uid) AS busy_gpus FROM looked_up WHERE kind = 'sibling' AND state = 'busy' GROUP BY pid
),
edge_states AS (
  SELECT DISTINCT uid, minute, state FROM looked_up WHERE kind = 'edge'
),
episodes AS (
  SELECT p.*, u.gpu_uuid, u.gpu_instance, u.node, u.cluster, u.model, u.share AS unit_share, u.mig_profile, u.memory_mib,
         u.idle_power_max_w, st.n, st.max_activity, st.max_dram_active, st.max_power_w, st.mem_median, st.mem_max,
         st.activity_sources, CASE WHEN with_evidence THEN coalesce(sb.busy_gpus, 0) END AS pod_busy_gpus,
         least(warm_memory_mib, coalesce(warm_memory_share * u.memory_mib, warm_memory_mib)) AS warm_threshold_mib,
         p.pe = p.e AND p.e - INTERVAL 1 MINUTE = h.last_minute AND (p.pod IS NULL OR p.a_end > p.pe) AS ongoing,
         CASE
           WHEN NOT with_evidence THEN NULL
           WHEN p.ps > p.s THEN 'allocation'
           WHEN p.s - INTERVAL 1 MINUTE < win_from THEN coalesce(CASE WHEN hb.at = p.s - INTERVAL 1 MINUTE THEN hb.state END, 'no_telemetry')
           ELSE coalesce(es.state, 'no_telemetry')
         END AS started_after,
         CASE
           WHEN NOT with_evidence THEN NULL
           WHEN p.pe < p.e THEN 'allocation'
           WHEN p.e - INTERVAL 1 MINUTE = h.last_minute THEN 'newest_telemetry'
           WHEN p.e >= win_to THEN coalesce(CASE WHEN tb.at = p.e THEN tb.state END, 'no_telemetry')
           ELSE coalesce(ee.state, 'no_telemetry')
         END AS ended_by
  FROM pieces p
  JOIN units u ON u.uid = p.uid
  CROSS JOIN horizon h
  LEFT JOIN piece_stats st ON st.pid = p.pid
  LEFT JOIN sibling_busy sb ON sb.pid = p.pid
  LEFT JOIN head_break hb ON hb.uid = p.uid
  LEFT JOIN tail_break tb ON tb.uid = p.uid
  LEFT JOIN edge_states es ON es.uid = p.uid AND es.minute = p.s - INTERVAL 1 MINUTE
  LEFT JOIN edge_states ee ON ee.uid = p.uid AND ee.minute = p.e
)
SELECT gpu_uuid, gpu_instance, node, cluster, model, unit_share, mig_profile, memory_mib, idle_power_max_w,
       namespace, pod, team, pod_gpus, alloc_share, alloc_start_at,
       -- The share of a GPU the episode's GPU-hours count: the MIG slice × the pod's time-slicing share.
       unit_share * coalesce(alloc_share, 1.0) AS gpu_share,
       ps AS idle_from, pe AS idle_to, ongoing,
       CASE
         WHEN NOT with_evidence THEN NULL
         WHEN pod IS NULL THEN 'unallocated'
         WHEN pod_gpus > 1 AND pod_busy_gpus > 0 THEN 'partial'
         WHEN mem_median > warm_threshold_mib THEN 'warm'
         ELSE 'allocated'
       END AS class,
       n AS minutes_read, max_activity, max_dram_active, max_power_w, mem_median, mem_max, activity_sources,
       pod_busy_gpus, warm_threshold_mib, started_after, ended_by
FROM episodes;
