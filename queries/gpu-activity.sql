-- @query gpu-activity
-- @version 1
-- @description GPU activity over time per cluster: mean activity over busy and idle minutes, and the busy share of observed GPU-time.
-- @param from timestamptz  Window start, inclusive.
-- @param to timestamptz  Window end, exclusive.
-- @param tz varchar  IANA time zone the buckets are aligned to.
-- @param bucket varchar in(auto,hour,day)  Bucket size; auto: hour when the window is at most 3 days long, else day.
-- @param idle_activity double  A minute is idle below this activity (default 0.05).
-- @param idle_dram double  …and below this DRAM activity where present (default 0.05).
-- @param idle_power_baseline_factor double  …and at most this × the model's idle power (default 1.3)…
-- @param idle_power_limit_share double  …or this share of the power limit, whichever is larger (default 0.25).
-- @param suspect_util double  Profiling activity 0 while GPU_UTIL is at least this is suspect (default 0.5).
-- @param suspect_power_share double  …or while power is at least this share of the limit (default 0.5).
-- @column bucket timestamptz  Bucket start, aligned in tz (ISO, UTC).
-- @column cluster varchar
-- @column gpus integer  Distinct physical GPUs with telemetry in the bucket.
-- @column observed_gpu_hours double  busy + idle + suspect.
-- @column activity_avg double  Mean activity over busy and idle minutes (suspect minutes are not trusted).
-- @column busy_share double  Busy ÷ observed GPU-time.
--
-- Minute states use the same rules and thresholds as gpu-util, so this series and the gpu-util KPI agree. GPU-time
-- is weighted by the unit's share of its GPU (1, or the MIG slice fraction). Unobserved time has no rows here.
WITH
units AS (
  SELECT g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share,
         g.cluster, g.power_limit_w, coalesce(m.idle_power_w, 0) AS idle_power_w
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
  LEFT JOIN gpu_models m ON m.model = g.model
),
minutes AS (
  SELECT u.gpu_uuid, u.share, u.cluster, m.minute, m.activity,
         gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            $idle_activity, $idle_dram, $idle_power_baseline_factor, $idle_power_limit_share, $suspect_util, $suspect_power_share) AS state
  FROM units u
  JOIN gpu_minute m ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= $from AND m.minute < $to
    AND (m.activity IS NOT NULL OR m.bad_samples > 0)
),
-- Zoned bucketing is costly per row, so minutes go to 15-minute UTC slots first (every zone offset is a multiple
-- of 15 minutes, so a slot never straddles a local hour or day) and only the distinct slots are bucketed in tz.
slotted AS (
  SELECT to_timestamp(floor(epoch(minute) / 900) * 900) AS slot, cluster, gpu_uuid, share AS w, state, activity
  FROM minutes
),
slot_buckets AS (
  SELECT slot,
         CASE
           WHEN $bucket = 'hour' OR ($bucket = 'auto' AND epoch($to) - epoch($from) <= 3 * 86400)
             THEN time_bucket(INTERVAL 1 HOUR, slot, $tz)
           ELSE time_bucket(INTERVAL 1 DAY, slot, $tz)
         END AS bucket
  FROM (SELECT DISTINCT slot FROM slotted)
)
SELECT b.bucket,
       s.cluster,
       count(DISTINCT s.gpu_uuid)::INTEGER AS gpus,
       round(sum(s.w) / 60, 4) AS observed_gpu_hours,
       round(sum(s.activity * s.w) FILTER (WHERE s.state <> 'suspect') / sum(s.w) FILTER (WHERE s.state <> 'suspect'), 4) AS activity_avg,
       round(coalesce(sum(s.w) FILTER (WHERE s.state = 'busy'), 0) / sum(s.w), 4) AS busy_share
FROM slotted s
JOIN slot_buckets b ON b.slot = s.slot
GROUP BY b.bucket, s.cluster
ORDER BY b.bucket, s.cluster
