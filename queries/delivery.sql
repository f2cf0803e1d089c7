-- @query delivery
-- @version 1
-- @description Delivery health per group: pipeline success and rerun rates, deployment success rates per environment, pull requests merged per week and their cycle time (METRICS.md, Delivery).
-- @param from timestamptz  Window start, inclusive.
-- @param to timestamptz  Window end, exclusive.
-- @param group_by varchar in(none,service,team)  Grouping key.
-- @param median varchar in(interpolated,lower)  Median method of cycle_time_median_s.
-- @column group_key varchar  The service or team (NULL: no service or no team); 'all' without grouping.
-- @column pipeline_runs integer  Completed runs (final attempt) finished in the window.
-- @column pipeline_successes integer
-- @column pipeline_failures integer
-- @column pipeline_cancelled integer  Reported apart: not in the success rate.
-- @column pipeline_skipped integer  Reported apart: not in the success rate.
-- @column pipeline_success_rate double  successes ÷ (successes + failures); NULL when both are 0.
-- @column pipeline_reruns integer  Completed runs whose final attempt is not the first.
-- @column rerun_rate double  pipeline_reruns ÷ pipeline_runs; NULL without runs.
-- @column deployment_attempts integer  Production deployment attempts (success, failure, error) finished in the window.
-- @column deployment_success_rate double  Production: success ÷ (success + failure + error); NULL without attempts.
-- @column deployment_success_by_environment json  Per environment: attempts, successes and success rate.
-- @column prs_merged integer  Pull requests merged in the window, bots and reverts excluded.
-- @column prs_merged_per_week double  prs_merged ÷ window length in weeks.
-- @column cycle_time_median_s double  Pull request created → merged, median over prs_merged (--median).
WITH
teams AS (SELECT service, team FROM services),
final_runs AS (
  SELECT r.*, CASE $group_by WHEN 'service' THEN r.service WHEN 'team' THEN t.team ELSE 'all' END AS group_key
  FROM pipeline_runs r
  LEFT JOIN teams t ON t.service = r.service
  QUALIFY row_number() OVER (PARTITION BY r.run_id ORDER BY r.attempt DESC) = 1
),
pipes AS (
  SELECT group_key,
         count(*) AS runs,
         count(*) FILTER (WHERE status = 'success') AS successes,
         count(*) FILTER (WHERE status = 'failure') AS failures,
         count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
         count(*) FILTER (WHERE status = 'skipped') AS skipped,
         count(*) FILTER (WHERE attempt > 1) AS reruns
  FROM final_runs
  WHERE status <> 'running' AND finished_at >= $from AND finished_at < $to
  GROUP BY group_key
),
attempts AS (
  SELECT CASE $group_by WHEN 'service' THEN d.service WHEN 'team' THEN t.team ELSE 'all' END AS group_key,
         d.environment, count(*) AS attempts, count(*) FILTER (WHERE d.status = 'success') AS successes
  FROM deployments d
  LEFT JOIN teams t ON t.service = d.service
  WHERE d.finished_at >= $from AND d.finished_at < $to
  GROUP BY ALL
),
deploys AS (
  SELECT group_key,
         sum(attempts) FILTER (WHERE environment = 'production') AS production_attempts,
         sum(successes) FILTER (WHERE environment = 'production') AS production_successes,
         to_json(map_from_entries(list((environment, {'attempts': attempts, 'successes': successes, 'success_rate': round(successes / attempts, 4)}) ORDER BY environment))) AS by_environment
  FROM attempts
  GROUP BY group_key
),
prs AS (
  SELECT CASE $group_by WHEN 'service' THEN p.service WHEN 'team' THEN t.team ELSE 'all' END AS group_key,
         count(*) AS merged,
         quantile_cont(epoch(p.merged_at - p.created_at), 0.5) AS median_interpolated,
         quantile_disc(epoch(p.merged_at - p.created_at), 0.5) AS median_lower
  FROM pull_requests p
  LEFT JOIN teams t ON t.service = p.service
  WHERE p.merged_at >= $from AND p.merged_at < $to AND NOT p.is_bot AND NOT p.is_revert
  GROUP BY 1
),
groups AS (
  SELECT 'all' AS group_key WHERE $group_by = 'none'
  UNION SELECT group_key FROM pipes
  UNION SELECT group_key FROM deploys
  UNION SELECT group_key FROM prs
)
SELECT g.group_key,
       coalesce(p.runs, 0)::INTEGER AS pipeline_runs,
       coalesce(p.successes, 0)::INTEGER AS pipeline_successes,
       coalesce(p.failures, 0)::INTEGER AS pipeline_failures,
       coalesce(p.cancelled, 0)::INTEGER AS pipeline_cancelled,
       coalesce(p.skipped, 0)::INTEGER AS pipeline_skipped,
       CASE WHEN p.successes + p.failures > 0 THEN round(p.successes / (p.successes + p.failures), 4) END AS pipeline_success_rate,
       coalesce(p.reruns, 0)::INTEGER AS pipeline_reruns,
       CASE WHEN p.runs > 0 THEN round(p.reruns / p.runs, 4) END AS rerun_rate,
       coalesce(d.production_attempts, 0)::INTEGER AS deployment_attempts,
       CASE WHEN d.production_attempts > 0 THEN round(d.production_successes / d.production_attempts, 4) END AS deployment_success_rate,
       coalesce(d.by_environment, '{}'::JSON) AS deployment_success_by_environment,
       coalesce(r.merged, 0)::INTEGER AS prs_merged,
       round(coalesce(r.merged, 0) / (epoch($to - $from) / 604800), 4) AS prs_merged_per_week,
       round(CASE $median WHEN 'lower' THEN r.median_lower ELSE r.median_interpolated END, 3) AS cycle_time_median_s
FROM groups g
LEFT JOIN pipes p ON p.group_key IS NOT DISTINCT FROM g.group_key
LEFT JOIN deploys d ON d.group_key IS NOT DISTINCT FROM g.group_key
LEFT JOIN prs r ON r.group_key IS NOT DISTINCT FROM g.group_key
ORDER BY g.group_key NULLS LAST
