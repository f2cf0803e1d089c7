-- @query dora
-- @version 1
-- @description DORA metrics per group: deployment frequency, change lead time, change failure rate, failed deployment recovery time and rework rate, with their performance bands (METRICS.md, Delivery).
-- @param from timestamptz  Window start, inclusive.
-- @param to timestamptz  Window end, exclusive.
-- @param tz varchar  IANA time zone of the day buckets (deploy_days).
-- @param group_by varchar in(none,service,team)  Grouping key.
-- @param median varchar in(interpolated,lower)  Median method: interpolated, or the lower median (the middle value, the lower of the two for an even count) DevLake uses.
-- @param bands varchar in(2023,2024)  Version of the DORA performance bands (table dora_bands).
-- @column group_key varchar  The service or team (NULL: services without a team); 'all' without grouping.
-- @column deployments integer  Successful production deployments finished in the window.
-- @column deploy_days integer  Distinct days (in tz) with at least one of them.
-- @column deployments_per_week double  deployments ÷ window length in weeks.
-- @column lead_time_median_s double  Change lead time, median over changes first deployed in the window (--median).
-- @column lead_time_p75_s double  …75th percentile (interpolated).
-- @column lead_time_p90_s double  …90th percentile (interpolated).
-- @column lead_time_changes integer  Changes (commits) first deployed in the window with a positive lead time.
-- @column lead_time_excluded_changes integer  Changes first deployed in the window with a lead time ≤ 0 (clock skew, rebased commits): excluded.
-- @column deployments_without_changes integer  Deployments in the window without a change (change set unknown, or empty): they count in deployment frequency only.
-- @column failed_deployments integer  Deployments in the window with a linked incident, rolled back, or fixed by a hotfix.
-- @column change_failure_rate double  failed_deployments ÷ deployments; NULL without deployments.
-- @column fdrt_median_s double  Failed deployment recovery time (restored_at − finished_at), median over recoveries restored in the window (--median).
-- @column recoveries integer  Failed deployments restored in the window.
-- @column open_incidents json  Failed deployments not restored at --to, with their open incidents and age in seconds.
-- @column unplanned_deployments integer  Deployments in the window that are rollbacks, hotfixes or carry a change fixing an incident.
-- @column rework_rate double  unplanned_deployments ÷ deployments; NULL without deployments.
-- @column band_deployment_frequency varchar  Band of deployments_per_week.
-- @column band_lead_time varchar  Band of lead_time_median_s.
-- @column band_change_failure_rate varchar  Band of change_failure_rate.
-- @column band_recovery_time varchar  Band of fdrt_median_s.
--
-- Only successful production deployments count. A deployment failed when an incident is linked to it
-- (incident_deployment_links, any method), when a rollback restored it (a rollback deploys the commit of an
-- earlier deployment: every deployment between that one and the rollback was rolled back), or when a rollback
-- or hotfix names it (rollback_of). Its restored_at is the earliest linked incident resolution or restoring
-- deployment after it finished.
WITH
prod AS (
  SELECT d.deployment_id, d.service, d.finished_at, d.commit_sha, d.kind, d.rollback_of,
         CASE $group_by WHEN 'service' THEN d.service WHEN 'team' THEN s.team ELSE 'all' END AS group_key
  FROM deployments d
  LEFT JOIN services s ON s.service = d.service
  WHERE d.status = 'success' AND d.environment = 'production'
),
fixes AS (SELECT deployment_id, service, finished_at, commit_sha, kind, rollback_of FROM prod WHERE kind IN ('rollback', 'hotfix')),
-- A rollback restores the deployments after the latest earlier deployment of its commit (the target).
rollback_spans AS (
  SELECT r.service, r.deployment_id AS rollback_id, r.finished_at AS restored_at,
         arg_max(t.deployment_id, t.finished_at) AS target_id, max(t.finished_at) AS target_at
  FROM fixes r
  JOIN prod t ON t.service = r.service AND t.commit_sha = r.commit_sha
  WHERE r.kind = 'rollback' AND (t.finished_at < r.finished_at OR (t.finished_at = r.finished_at AND t.deployment_id < r.deployment_id))
  GROUP BY r.service, r.deployment_id, r.finished_at
),
failure_events AS (
  SELECT d.deployment_id, s.restored_at
  FROM rollback_spans s
  JOIN prod d ON d.service = s.service
  WHERE d.finished_at >= s.target_at AND d.finished_at <= s.restored_at
    AND (d.finished_at > s.target_at OR d.deployment_id > s.target_id)
    AND (d.finished_at < s.restored_at OR d.deployment_id < s.rollback_id)
  UNION ALL
  SELECT f.rollback_of, f.finished_at FROM fixes f WHERE f.rollback_of IS NOT NULL
  UNION ALL
  SELECT l.deployment_id, i.resolved_at
  FROM incident_deployment_links l
  JOIN incidents i ON i.incident_id = l.incident_id
),
failed AS (
  SELECT p.deployment_id, p.group_key, p.finished_at,
         min(e.restored_at) FILTER (WHERE e.restored_at > p.finished_at) AS restored_at
  FROM failure_events e
  JOIN prod p ON p.deployment_id = e.deployment_id
  GROUP BY p.deployment_id, p.group_key, p.finished_at
),
win AS (SELECT * FROM prod WHERE finished_at >= $from AND finished_at < $to),
-- Changes shipped by the window's deployments: the candidates for a first deployment in the window.
win_changes AS (
  SELECT dc.deployment_id, dc.commit_sha, w.finished_at, w.group_key
  FROM deployment_changes dc
  JOIN win w ON w.deployment_id = dc.deployment_id
),
change_flags AS (
  SELECT c.deployment_id, bool_or(fx.sha IS NOT NULL) AS fixes_incident
  FROM win_changes c
  LEFT JOIN (SELECT sha FROM commits WHERE incident_id IS NOT NULL) fx ON fx.sha = c.commit_sha
  GROUP BY c.deployment_id
),
df AS (
  SELECT w.group_key,
         count(*) AS deployments,
         count(*) FILTER (WHERE f.deployment_id IS NOT NULL) AS failed_deployments,
         count(*) FILTER (WHERE w.kind IN ('rollback', 'hotfix') OR coalesce(c.fixes_incident, false)) AS unplanned_deployments,
         count(*) FILTER (WHERE c.deployment_id IS NULL) AS deployments_without_changes
  FROM win w
  LEFT JOIN failed f ON f.deployment_id = w.deployment_id
  LEFT JOIN change_flags c ON c.deployment_id = w.deployment_id
  GROUP BY w.group_key
),
-- Days in tz with a deployment. Every zone's offset is a whole number of quarter hours, so a quarter hour lies
-- within one local day: converting the distinct quarter hours is the same as converting every deployment.
days AS (
  SELECT group_key, count(DISTINCT timezone($tz, to_timestamp(quarter * 900))::DATE) AS deploy_days
  FROM (SELECT DISTINCT group_key, epoch_ms(finished_at) // 900000 AS quarter FROM win)
  GROUP BY group_key
),
-- Change lead time: each commit's first successful production deployment in its group (a commit two services
-- of a monorepo ship counts for each), when that is in the window. The candidates are the window's changes; one
-- that a deployment of the same group shipped before the window is not (the hash only narrows the scan).
shipped_before AS (
  SELECT DISTINCT dc.commit_sha, p.group_key
  FROM deployment_changes dc
  JOIN prod p ON p.deployment_id = dc.deployment_id
  WHERE p.finished_at < $from AND hash(dc.commit_sha) IN (SELECT hash(commit_sha) FROM win_changes)
),
first_deploy AS (
  SELECT c.commit_sha, c.group_key, min(c.finished_at) AS deployed_at
  FROM win_changes c
  ANTI JOIN shipped_before b ON b.commit_sha = c.commit_sha AND b.group_key IS NOT DISTINCT FROM c.group_key
  GROUP BY c.commit_sha, c.group_key
),
lt AS (
  SELECT group_key,
         count(*) FILTER (WHERE lead_s > 0) AS changes,
         count(*) FILTER (WHERE lead_s <= 0) AS excluded,
         quantile_cont(lead_s, [0.5, 0.75, 0.9]) FILTER (WHERE lead_s > 0) AS quantiles,
         quantile_disc(CASE WHEN $median = 'lower' THEN lead_s END, 0.5) FILTER (WHERE lead_s > 0) AS median_lower
  FROM (
    SELECT f.group_key, (epoch_us(f.deployed_at) - epoch_us(c.authored_at)) / 1e6 AS lead_s
    FROM first_deploy f
    JOIN commits c ON c.sha = f.commit_sha
  ) x
  GROUP BY group_key
),
rec AS (
  SELECT group_key, count(*) AS recoveries,
         quantile_cont(epoch(restored_at - finished_at), 0.5) AS median_interpolated,
         quantile_disc(epoch(restored_at - finished_at), 0.5) AS median_lower
  FROM failed
  WHERE restored_at >= $from AND restored_at < $to
  GROUP BY group_key
),
open_failures AS (
  SELECT f.group_key,
         to_json(list({
           'deployment_id': f.deployment_id,
           'deployment_finished_at': strftime(timezone('UTC', f.finished_at), '%Y-%m-%dT%H:%M:%S.%gZ'),
           'incidents': (SELECT list(l.incident_id ORDER BY l.incident_id)
                         FROM incident_deployment_links l JOIN incidents i ON i.incident_id = l.incident_id
                         WHERE l.deployment_id = f.deployment_id AND i.created_at < $to
                           AND (i.resolved_at IS NULL OR i.resolved_at >= $to)),
           'age_s': epoch($to - f.finished_at)
         } ORDER BY f.finished_at, f.deployment_id)) AS open_incidents
  FROM failed f
  WHERE f.finished_at < $to AND (f.restored_at IS NULL OR f.restored_at >= $to)
    AND EXISTS (SELECT 1 FROM incident_deployment_links l JOIN incidents i ON i.incident_id = l.incident_id
                WHERE l.deployment_id = f.deployment_id AND i.created_at < $to
                  AND (i.resolved_at IS NULL OR i.resolved_at >= $to))
  GROUP BY f.group_key
),
groups AS (
  SELECT 'all' AS group_key WHERE $group_by = 'none'
  UNION SELECT group_key FROM df
  UNION SELECT group_key FROM lt
  UNION SELECT group_key FROM rec
  UNION SELECT group_key FROM open_failures
),
metrics AS (
  SELECT g.group_key,
         coalesce(df.deployments, 0) AS deployments,
         coalesce(dd.deploy_days, 0) AS deploy_days,
         coalesce(df.deployments, 0) / (epoch($to - $from) / 604800) AS deployments_per_week,
         CASE $median WHEN 'lower' THEN lt.median_lower ELSE lt.quantiles[1] END AS lead_time_median_s,
         lt.quantiles[2] AS lead_time_p75_s,
         lt.quantiles[3] AS lead_time_p90_s,
         coalesce(lt.changes, 0) AS lead_time_changes,
         coalesce(lt.excluded, 0) AS lead_time_excluded_changes,
         coalesce(df.deployments_without_changes, 0) AS deployments_without_changes,
         coalesce(df.failed_deployments, 0) AS failed_deployments,
         CASE WHEN df.deployments > 0 THEN df.failed_deployments / df.deployments END AS change_failure_rate,
         CASE $median WHEN 'lower' THEN rec.median_lower ELSE rec.median_interpolated END AS fdrt_median_s,
         coalesce(rec.recoveries, 0) AS recoveries,
         coalesce(o.open_incidents, '[]'::JSON) AS open_incidents,
         coalesce(df.unplanned_deployments, 0) AS unplanned_deployments,
         CASE WHEN df.deployments > 0 THEN df.unplanned_deployments / df.deployments END AS rework_rate
  FROM groups g
  LEFT JOIN df ON df.group_key IS NOT DISTINCT FROM g.group_key
  LEFT JOIN days dd ON dd.group_key IS NOT DISTINCT FROM g.group_key
  LEFT JOIN lt ON lt.group_key IS NOT DISTINCT FROM g.group_key
  LEFT JOIN rec ON rec.group_key IS NOT DISTINCT FROM g.group_key
  LEFT JOIN open_failures o ON o.group_key IS NOT DISTINCT FROM g.group_key
),
bands_v AS (SELECT * FROM dora_bands WHERE version = $bands)
SELECT m.group_key,
       m.deployments::INTEGER AS deployments,
       m.deploy_days::INTEGER AS deploy_days,
       round(m.deployments_per_week, 4) AS deployments_per_week,
       round(m.lead_time_median_s, 3) AS lead_time_median_s,
       round(m.lead_time_p75_s, 3) AS lead_time_p75_s,
       round(m.lead_time_p90_s, 3) AS lead_time_p90_s,
       m.lead_time_changes::INTEGER AS lead_time_changes,
       m.lead_time_excluded_changes::INTEGER AS lead_time_excluded_changes,
       m.deployments_without_changes::INTEGER AS deployments_without_changes,
       m.failed_deployments::INTEGER AS failed_deployments,
       round(m.change_failure_rate, 4) AS change_failure_rate,
       round(m.fdrt_median_s, 3) AS fdrt_median_s,
       m.recoveries::INTEGER AS recoveries,
       m.open_incidents,
       m.unplanned_deployments::INTEGER AS unplanned_deployments,
       round(m.rework_rate, 4) AS rework_rate,
       (SELECT b.band FROM bands_v b WHERE b.metric = 'deployment_frequency'
          AND (b.lower_bound IS NULL OR m.deployments_per_week >= b.lower_bound)
          AND (b.upper_bound IS NULL OR m.deployments_per_week < b.upper_bound OR (b.upper_inclusive AND m.deployments_per_week = b.upper_bound))
        ORDER BY b.rank LIMIT 1) AS band_deployment_frequency,
       CASE WHEN m.lead_time_median_s IS NOT NULL THEN
         (SELECT b.band FROM bands_v b WHERE b.metric = 'lead_time'
            AND (b.lower_bound IS NULL OR m.lead_time_median_s >= b.lower_bound)
            AND (b.upper_bound IS NULL OR m.lead_time_median_s < b.upper_bound OR (b.upper_inclusive AND m.lead_time_median_s = b.upper_bound))
          ORDER BY b.rank LIMIT 1) END AS band_lead_time,
       CASE WHEN m.change_failure_rate IS NOT NULL THEN
         (SELECT b.band FROM bands_v b WHERE b.metric = 'change_failure_rate'
            AND (b.lower_bound IS NULL OR m.change_failure_rate >= b.lower_bound)
            AND (b.upper_bound IS NULL OR m.change_failure_rate < b.upper_bound OR (b.upper_inclusive AND m.change_failure_rate = b.upper_bound))
          ORDER BY b.rank LIMIT 1) END AS band_change_failure_rate,
       CASE WHEN m.fdrt_median_s IS NOT NULL THEN
         (SELECT b.band FROM bands_v b WHERE b.metric = 'recovery_time'
            AND (b.lower_bound IS NULL OR m.fdrt_median_s >= b.lower_bound)
            AND (b.upper_bound IS NULL OR m.fdrt_median_s < b.upper_bound OR (b.upper_inclusive AND m.fdrt_median_s = b.upper_bound))
          ORDER BY b.rank LIMIT 1) END AS band_recovery_time
FROM metrics m
ORDER BY m.group_key NULLS LAST
