-- @query idle-gpus
-- @version 2
-- @description Idle GPU episodes, one row per episode: who held the idle GPU or MIG instance, since when, how long, at what cost, with evidence (METRICS.md, GPU).
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
-- @param prices varchar  Price overrides from pulse.yaml, JSON [{instance_type, region, gpu_model, gpus, price_per_hour, currency}].
-- @param cluster_tags varchar  JSON list of tag keys whose value names the cluster of a GPU instance cost line.
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
-- @column cost decimal  gpu_hours × the GPU-hour price of the unit's cluster and model for the window (gpu_hour_price); NULL without a price.
-- @column currency varchar
-- @column evidence json  Signals, thresholds, maxima, memory, what started and ended the episode, quality flags, price.
--
-- Episodes are those of the macro gpu_idle_episodes (collector/store/migrations/0011_gpu_hour_price.sql, which
-- defines minute states, islands, holders, min_minutes, class and ongoing), read with an unbounded history: they are
-- reported whole, not clipped to the window. An engineer asks "idle since when, how long, at what cost", and an
-- episode that began before --from keeps its true start, idle_minutes, gpu_hours and cost (the notes give the share
-- inside the window: the minutes of [start, end) in [from, to); gpu-spend's idle_gpu_hours add up exactly those).
--
-- Cost: gpu_hours × the GPU-hour price of the unit's (cluster, model) from the macro gpu_hour_price over the query
-- window [from, to), the rule gpu-spend and cost-per-1k use (METRICS.md, Cost): from the cost data when it identifies
-- GPU instances of the pair (EffectiveCost ÷ GPU-hours of the GPU lines of the window), else the price list (pulse.yaml
-- prices, then gpu_price: the per-GPU price of the model's instance type with the most GPUs, us-east-1 first, newest
-- as_of on or before the window's end). The price of the window applies to the whole episode, also to a part outside
-- it, so that the cost of the part inside the window is exactly what gpu-spend counts as idle_cost. NULL only when no
-- price exists; evidence.price then says why.
--
-- Evidence: activity_sources, dram_present, power_present, max_activity, max_dram_active, max_power_w,
-- mem_used_mib_median / _max, memory_mib (the unit's), thresholds (idle_activity, idle_dram, idle_power_max_w of
-- the model, min_minutes, warm_memory_mib in effect), started_after / ended_by (busy, suspect, unobserved,
-- no_telemetry, allocation; newest_telemetry), suspect_adjacent, mig_profile, unit_share, time_slicing_share,
-- pod_gpus, pod_busy_gpus, price ({source: cost_data | config:TYPE | gpu_price:TYPE@AS_OF, as_of, per_gpu_hour,
-- currency, estimated} or {missing}).
WITH
episodes AS (
  SELECT * FROM gpu_idle_episodes(
    $from, $to, '-infinity'::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ, $min_minutes, $idle_activity, $idle_dram,
    $idle_power_baseline_factor, $idle_power_limit_share, $suspect_util, $suspect_power_share,
    $warm_memory_mib, $warm_memory_share, true)
),
prices AS (
  SELECT * FROM gpu_hour_price($from, $to, $prices, $cluster_tags)
),
priced AS (
  SELECT e.*, epoch(e.idle_to - e.idle_from) / 3600 * e.gpu_share AS hours,
         p.price, p.currency AS price_currency, p.source AS price_source, p.as_of AS price_as_of, p.estimated AS price_estimated
  FROM episodes e
  LEFT JOIN prices p ON p.cluster = e.cluster AND p.model = e.model
)
SELECT gpu_uuid,
       nullif(gpu_instance, '') AS gpu_instance,
       node, cluster, model, class, namespace, pod, team,
       idle_from AS start,
       CASE WHEN ongoing THEN NULL ELSE idle_to END AS "end",
       (epoch(idle_to - idle_from) // 60)::INTEGER AS idle_minutes,
       round(hours, 4) AS gpu_hours,
       round(hours * price, 6)::DECIMAL(38, 12) AS cost,
       CASE WHEN price IS NOT NULL THEN price_currency END AS currency,
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
                    WHEN price IS NOT NULL THEN json_object(
                      'source', price_source, 'as_of', price_as_of, 'per_gpu_hour', price, 'currency', price_currency,
                      'estimated', price_estimated)
                    ELSE json_object('missing', 'no GPU-hour price: no cost data of cluster ' || cluster || ' and this model in the window, and no price list entry for the model')
                  END
       ) AS evidence
FROM priced
ORDER BY start, cluster, node, gpu_uuid, gpu_instance, pod NULLS FIRST, namespace
