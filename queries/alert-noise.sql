-- @query alert-noise
-- @version 1
-- @description Alert episodes classified actionable, transient, flapping, ignored or unknown; the alert-noise ratio, its coverage and lower bound (METRICS.md, Reliability).
-- @param from timestamptz  Window start, inclusive: episodes that started in [from, to).
-- @param to timestamptz  Window end, exclusive: outcomes are judged as known at this instant.
-- @param group_by varchar in(none,alertname,receiver,severity)  Grouping key.
-- @column group_key varchar  The group (NULL for the overall row, or episodes without that label).
-- @column episodes integer  Alert episodes, (fingerprint, startsAt), that started in the window.
-- @column actionable integer  Acknowledged or resolved by a person (acknowledgement verdict not false), or labelled actionable="true".
-- @column transient integer  Resolved within 5 minutes of its start.
-- @column flapping integer  The same fingerprint resolved at most 60 minutes before this episode started.
-- @column ignored integer  Resolved, or open more than 24 h at --to, with no human action (needs acknowledgement data in the window).
-- @column unknown integer  No outcome can be known: no acknowledgement data in the window, or open for less than 24 h.
-- @column alert_noise_ratio double  (transient + flapping + ignored) ÷ (episodes − unknown); NULL when every episode is unknown.
-- @column coverage double  1 − unknown ÷ episodes.
-- @column noise_lower_bound double  Among episodes with a known end, the share resolved within 5 minutes or re-fired within 60 minutes of a resolution, from the webhooks alone (no acknowledgement data).
-- @column notifications integer  Webhook deliveries that carried the episodes.
-- @column pages_per_shift double  Episodes per 12 hours of the window.
--
-- First match wins, in the column order above. An acknowledgement with `automated: true` is not a person's
-- action; one with `actionable: false` is a person's verdict that the alert was noise and counts as no action.
WITH
ack_data AS (
  SELECT count(*) > 0 AS present FROM alert_acks WHERE acked_at >= $from AND acked_at < $to
),
episodes AS (
  SELECT e.fingerprint, e.starts_at, e.alertname, e.receiver, e.severity, e.notifications,
         CASE WHEN e.ends_at IS NOT NULL AND e.ends_at < $to THEN e.ends_at END AS ended_at,
         e.labels->>'$.actionable' = 'true' AS labelled_actionable
  FROM alert_episodes e
  WHERE e.starts_at >= $from AND e.starts_at < $to
),
verdicts AS (
  SELECT a.fingerprint, a.starts_at,
         bool_or(NOT a.automated) AS human,
         arg_max(a.actionable, a.acked_at) FILTER (WHERE a.actionable IS NOT NULL) AS verdict
  FROM alert_acks a
  WHERE a.acked_at < $to
  GROUP BY a.fingerprint, a.starts_at
),
facts AS (
  SELECT e.*,
         e.ended_at IS NOT NULL AND epoch(e.ended_at - e.starts_at) <= 300 AS quick,
         EXISTS (SELECT 1 FROM alert_episodes p
                 WHERE p.fingerprint = e.fingerprint AND p.starts_at < e.starts_at
                   AND p.ends_at IS NOT NULL AND p.ends_at <= e.starts_at
                   AND epoch(e.starts_at - p.ends_at) <= 3600) AS refired,
         coalesce(v.verdict, coalesce(v.human, false)) AS acted
  FROM episodes e
  LEFT JOIN verdicts v ON v.fingerprint = e.fingerprint AND v.starts_at = e.starts_at
),
classified AS (
  SELECT f.*,
         CASE
           WHEN f.acted OR coalesce(f.labelled_actionable, false) THEN 'actionable'
           WHEN f.quick THEN 'transient'
           WHEN f.refired THEN 'flapping'
           WHEN (SELECT present FROM ack_data) AND (f.ended_at IS NOT NULL OR epoch($to - f.starts_at) > 86400) THEN 'ignored'
           ELSE 'unknown'
         END AS class,
         CASE $group_by WHEN 'alertname' THEN f.alertname WHEN 'receiver' THEN f.receiver WHEN 'severity' THEN f.severity END AS group_key
  FROM facts f
),
grouped AS (
  SELECT group_key,
         count(*) AS episodes,
         count(*) FILTER (WHERE class = 'actionable') AS actionable,
         count(*) FILTER (WHERE class = 'transient') AS transient,
         count(*) FILTER (WHERE class = 'flapping') AS flapping,
         count(*) FILTER (WHERE class = 'ignored') AS ignored,
         count(*) FILTER (WHERE class = 'unknown') AS unknown,
         count(*) FILTER (WHERE ended_at IS NOT NULL) AS ended,
         count(*) FILTER (WHERE ended_at IS NOT NULL AND (quick OR refired)) AS ended_noisy,
         sum(notifications) AS notifications
  FROM classified
  GROUP BY group_key
),
keys AS (
  SELECT group_key FROM grouped
  UNION
  SELECT NULL AS group_key WHERE $group_by = 'none'
)
SELECT k.group_key,
       coalesce(g.episodes, 0)::INTEGER AS episodes,
       coalesce(g.actionable, 0)::INTEGER AS actionable,
       coalesce(g.transient, 0)::INTEGER AS transient,
       coalesce(g.flapping, 0)::INTEGER AS flapping,
       coalesce(g.ignored, 0)::INTEGER AS ignored,
       coalesce(g.unknown, 0)::INTEGER AS unknown,
       (g.transient + g.flapping + g.ignored) / nullif(g.episodes - g.unknown, 0) AS alert_noise_ratio,
       1 - g.unknown / nullif(g.episodes, 0) AS coverage,
       g.ended_noisy / nullif(g.ended, 0) AS noise_lower_bound,
       coalesce(g.notifications, 0)::INTEGER AS notifications,
       coalesce(g.episodes, 0) / (epoch($to - $from) / 43200) AS pages_per_shift
FROM keys k
LEFT JOIN grouped g ON g.group_key IS NOT DISTINCT FROM k.group_key
ORDER BY k.group_key NULLS FIRST
