-- @query gpu-spend
-- @version 2
-- @description GPU spend per group: amortized cost of the GPU instance lines, billed GPU-hours, cost per GPU-hour, idle cost and share (METRICS.md, Cost).
-- @param from timestamptz  Window start, inclusive (cost lines by ChargePeriodStart; telemetry minutes).
-- @param to timestamptz  Window end, exclusive.
-- @param tz varchar  IANA zone of the days `partial` speaks of.
-- @param now timestamptz  The time of the query: a day not yet over is partial.
-- @param group_by varchar in(none,team,model,cluster,instance_type,service,provider)  Grouping key.
-- @param credits varchar in(exclude,include)  Credit and Adjustment lines are left out unless include.
-- @param rules varchar  Attribution rules, JSON [{priority, kind: tag|resource_id|namespace|label, key, value (glob), team, service}].
-- @param team_tags varchar  JSON list of tag keys whose value names the team of a cost line.
-- @param service_tags varchar  JSON list of tag keys whose value names the service.
-- @param cluster_tags varchar  JSON list of tag keys whose value names the cluster of a GPU instance line.
-- @param prices varchar  Price overrides from pulse.yaml, JSON [{instance_type, region, gpu_model, gpus, price_per_hour, currency}].
-- @param min_minutes integer  An idle episode is at least this many consecutive idle minutes (default 30), as in idle-gpus.
-- @param idle_activity double  A minute is idle below this activity (default 0.05).
-- @param idle_dram double  …and below this DRAM activity where present (default 0.05).
-- @param idle_power_baseline_factor double  …and at most this × the model's idle power (default 1.3)…
-- @param idle_power_limit_share double  …or this share of the power limit, whichever is larger (default 0.25).
-- @param suspect_util double  Profiling activity 0 while GPU_UTIL is at least this is suspect (default 0.5).
-- @param suspect_power_share double  …or while power is at least this share of the limit (default 0.5).
-- @column group_key varchar  The group; NULL: no cluster / team / service is known for that part.
-- @column cost decimal  Sum of EffectiveCost (amortized, after discounts) of the GPU instance lines; NULL when currencies mix.
-- @column currency varchar  BillingCurrency of cost (and of idle_cost).
-- @column gpu_hours double  Billed GPU instance hours × GPUs per instance.
-- @column cost_per_gpu_hour decimal  cost ÷ gpu_hours, 6 decimals.
-- @column idle_gpu_hours double  GPU-hours of the idle-gpus episodes that fall inside the window (telemetry); NULL without telemetry.
-- @column idle_cost decimal  idle_gpu_hours × the GPU-hour price of their cluster and model; NULL without telemetry or a price.
-- @column idle_share double  idle_cost ÷ cost.
-- @column price_source varchar  Where the GPU-hour price of idle_cost came from: cost_data, gpu_price:TYPE@AS_OF or config:TYPE.
-- @column estimated boolean  Built on estimated (provisional) cost data.
-- @column partial boolean  Includes a day (in tz) that is not over yet.
-- @column reason varchar  Why a value is NULL: mixed_currencies, no_cost_lines, no_telemetry, no_price.
--
-- GPU lines are the cost lines whose instance type is an accelerated one (x_gpu_model set at import). Tax never
-- counts; Credit and Adjustment only with credits = include. gpu_hours count Usage lines whose quantity is in hours,
-- not unused commitment rows. Team and service of a line: the first attribution rule matching its tags or resource
-- id, else the first of the team / service tag keys it carries. Grouped by team or service, a GPU line without one
-- is split over the owners of the pods that held GPUs of its cluster and model during its charge period, in
-- proportion to their allocated GPU-hours; the rest (idle capacity, unknown owners) stays under NULL.
--
-- Idle GPU-hours are those of the idle-gpus episodes (the macro gpu_idle_episodes, collector/store/migrations/
-- 0011_gpu_hour_price.sql: the minute states of gpu-util, maximal runs of idle minutes on one GPU or MIG instance under
-- one holder, at least min_minutes long) that fall inside the window: an episode that straddles an edge of the window
-- counts its minutes inside it, also when fewer than min_minutes are. GPU-hours × the unit's MIG share × the pod's
-- time-slicing share; grouped by team or service, the owner of the episode's pod by the attribution rules above.
-- idle_cost: those GPU-hours × the GPU-hour price of their (cluster, model) from the macro gpu_hour_price over the
-- window, the price idle-gpus applies: from the cost data (EffectiveCost ÷ GPU-hours of its GPU lines in the window),
-- else from the price list (pulse.yaml prices, then the gpu_price table): the per-GPU price of the model's instance
-- type with the most GPUs, us-east-1 first, newest as_of on or before the window's end.
WITH
rule_list AS (SELECT * FROM attribution_rules($rules)),
units AS (
  SELECT g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share, g.cluster, g.model,
         g.first_seen, coalesce(g.retired_at, 'infinity'::TIMESTAMPTZ) AS retired_at
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
),
-- Pods holding GPUs in the window, with their owner: the first rule matching the namespace or a label (namespace,
-- pod, container) that names a team / a service; a container named like a known service is that service, whose
-- team the services table knows.
alloc AS (SELECT * FROM allocations_overlapping($from, $to)),
alloc_rule AS (
  SELECT a.alloc_id,
         arg_min(r.team, r.priority) FILTER (WHERE r.team IS NOT NULL) AS team,
         arg_min(r.service, r.priority) FILTER (WHERE r.service IS NOT NULL) AS service
  FROM alloc a
  JOIN rule_list r
    ON (r.kind = 'namespace' AND a.namespace GLOB r."value")
    OR (r.kind = 'label' AND (CASE r."key" WHEN 'namespace' THEN a.namespace WHEN 'pod' THEN a.pod WHEN 'container' THEN a.container END) GLOB r."value")
  GROUP BY a.alloc_id
),
alloc_owner AS (
  SELECT a.*, u.cluster, u.model, u.share * a.alloc_share AS w,
         coalesce(ar.service, s.service) AS service,
         coalesce(ar.team, sv.team) AS team
  FROM alloc a
  JOIN units u ON u.gpu_uuid = a.gpu_uuid AND u.gpu_instance = a.gpu_instance
  LEFT JOIN alloc_rule ar ON ar.alloc_id = a.alloc_id
  LEFT JOIN services s ON s.service = a.container
  LEFT JOIN services sv ON sv.service = coalesce(ar.service, s.service)
),
gpu_lines AS (
  SELECT row_number() OVER () AS line_id,
         c.ChargePeriodStart AS ps, c.ChargePeriodEnd AS pe, c.EffectiveCost AS cost, c.BillingCurrency AS currency,
         c.x_gpu_model AS model, c.x_instance_type AS instance_type, c.ProviderName AS provider, c.x_estimated AS estimated,
         c.ResourceId AS resource_id, c.Tags AS tags,
         coalesce(c.x_cluster, list_filter(list_transform(from_json($cluster_tags, '["VARCHAR"]'), lambda k: json_extract_string(c.Tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS cluster,
         CASE WHEN c.ChargeCategory = 'Usage' AND coalesce(c.CommitmentDiscountStatus, '') <> 'Unused' THEN
           c.x_gpus_per_instance * CASE
             WHEN lower(c.PricingUnit) IN ('hours', 'hour', 'hrs', 'hr') THEN c.PricingQuantity
             WHEN lower(c.ConsumedUnit) IN ('hours', 'hour', 'hrs', 'hr') THEN c.ConsumedQuantity
           END
         END::DOUBLE AS gpu_h,
         timezone($tz, c.ChargePeriodStart)::DATE AS local_day
  FROM cost_line c
  WHERE c.x_gpu_model IS NOT NULL
    AND c.ChargePeriodStart >= $from AND c.ChargePeriodStart < $to
    AND (c.ChargeCategory IN ('Usage', 'Purchase') OR ($credits = 'include' AND c.ChargeCategory IN ('Credit', 'Adjustment')))
),
line_rule AS (
  SELECT l.line_id,
         arg_min(r.team, r.priority) FILTER (WHERE r.team IS NOT NULL) AS team,
         arg_min(r.service, r.priority) FILTER (WHERE r.service IS NOT NULL) AS service
  FROM gpu_lines l
  JOIN rule_list r
    ON (r.kind = 'tag' AND json_extract_string(l.tags, '$.' || to_json(r."key")) GLOB r."value")
    OR (r.kind = 'resource_id' AND l.resource_id GLOB r."value")
  GROUP BY l.line_id
),
lines AS (
  SELECT l.*,
         coalesce(lr.team, list_filter(list_transform(from_json($team_tags, '["VARCHAR"]'), lambda k: json_extract_string(l.tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS team,
         coalesce(lr.service, list_filter(list_transform(from_json($service_tags, '["VARCHAR"]'), lambda k: json_extract_string(l.tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS service
  FROM gpu_lines l
  LEFT JOIN line_rule lr ON lr.line_id = l.line_id
),
keyed AS (
  SELECT *, CASE $group_by WHEN 'model' THEN model WHEN 'cluster' THEN cluster WHEN 'instance_type' THEN instance_type
                           WHEN 'provider' THEN provider WHEN 'team' THEN team WHEN 'service' THEN service ELSE 'all' END AS group_key
  FROM lines
),
-- Lines without an owner when grouping by owner, per (cluster, model, charge period, currency), to be split.
unowned AS (
  SELECT cluster, model, ps, pe, currency, sum(cost) AS cost, sum(gpu_h) AS gpu_h, bool_or(estimated) AS estimated, max(local_day) AS local_day
  FROM keyed WHERE $group_by IN ('team', 'service') AND group_key IS NULL
  GROUP BY cluster, model, ps, pe, currency
),
held AS (
  SELECT p.cluster, p.model, p.ps, p.pe, p.currency, CASE $group_by WHEN 'team' THEN a.team ELSE a.service END AS owner,
         sum(a.w * epoch(least(a.end_at, p.pe) - greatest(a.start_at, p.ps)) / 3600) AS alloc_h
  FROM unowned p
  JOIN alloc_owner a ON a.cluster = p.cluster AND a.model = p.model AND a.start_at < p.pe AND a.end_at > p.ps
  GROUP BY ALL
),
split AS (
  SELECT h.cluster, h.model, h.ps, h.pe, h.currency, h.owner, p.estimated, p.local_day,
         CAST(p.cost * (h.alloc_h / greatest(p.gpu_h, sum(h.alloc_h) OVER w)) AS DECIMAL(38,12)) AS cost,
         p.gpu_h * h.alloc_h / greatest(p.gpu_h, sum(h.alloc_h) OVER w) AS gpu_h
  FROM held h
  JOIN unowned p ON p.cluster = h.cluster AND p.model = h.model AND p.ps = h.ps AND p.pe = h.pe AND p.currency = h.currency
  WHERE h.owner IS NOT NULL AND p.gpu_h > 0
  WINDOW w AS (PARTITION BY h.cluster, h.model, h.ps, h.pe, h.currency)
),
shares AS (
  SELECT group_key, currency, cost, gpu_h, estimated, local_day FROM keyed WHERE group_key IS NOT NULL OR $group_by NOT IN ('team', 'service')
  UNION ALL
  SELECT owner, currency, cost, gpu_h, estimated, local_day FROM split
  UNION ALL
  SELECT NULL, p.currency, p.cost - coalesce(sum(s.cost), 0), p.gpu_h - coalesce(sum(s.gpu_h), 0), p.estimated, p.local_day
  FROM unowned p
  LEFT JOIN split s ON s.cluster IS NOT DISTINCT FROM p.cluster AND s.model = p.model AND s.ps = p.ps AND s.pe = p.pe AND s.currency = p.currency
  GROUP BY p.cluster, p.model, p.ps, p.pe, p.currency, p.cost, p.gpu_h, p.estimated, p.local_day
  HAVING p.cost - coalesce(sum(s.cost), 0) <> 0 OR abs(coalesce(p.gpu_h, 0) - coalesce(sum(s.gpu_h), 0)) > 1e-9
),
cost_groups AS (
  SELECT group_key, count(DISTINCT currency) AS currencies, min(currency) AS currency, sum(cost) AS cost, sum(gpu_h) AS gpu_h,
         bool_or(estimated) AS estimated, max(local_day) AS last_day
  FROM shares GROUP BY group_key
),
-- The (cluster, model) pairs with telemetry in the window: an observed minute (not gpu-util's unobserved).
telemetry AS (
  SELECT DISTINCT u.cluster, u.model
  FROM units u
  JOIN gpu_minute m ON m.gpu_uuid = u.gpu_uuid AND m.gpu_instance = u.gpu_instance
  WHERE m.minute >= $from AND m.minute < $to AND m.minute >= u.first_seen AND m.minute < u.retired_at
    AND (m.activity IS NOT NULL OR m.bad_samples > 0)
),
-- The window's minutes: minute m is inside when from ≤ m < to, so from and to round up to whole minutes.
bounds AS (
  SELECT date_trunc('minute', $from) + CASE WHEN date_trunc('minute', $from) < $from THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END AS t0,
         date_trunc('minute', $to) + CASE WHEN date_trunc('minute', $to) < $to THEN INTERVAL 1 MINUTE ELSE INTERVAL 0 MINUTE END AS t1
),
-- The idle-gpus episodes (same macro, same thresholds), the part of each inside the window. The history read reaches
-- min_minutes + 1 minutes beyond the window: enough to tell an episode from a shorter run (see the macro).
episodes AS (
  SELECT e.cluster, e.model, o.team, o.service,
         epoch(least(e.idle_to, b.t1) - greatest(e.idle_from, b.t0)) / 3600 * e.gpu_share AS idle_h
  FROM gpu_idle_episodes(
         $from, $to, $from - to_minutes($min_minutes + 1), $to + to_minutes($min_minutes + 1), $min_minutes, $idle_activity, $idle_dram,
         $idle_power_baseline_factor, $idle_power_limit_share, $suspect_util, $suspect_power_share, NULL, NULL, false) e
  CROSS JOIN bounds b
  LEFT JOIN alloc_owner o
    ON o.gpu_uuid = e.gpu_uuid AND o.gpu_instance = e.gpu_instance AND o.namespace = e.namespace AND o.pod = e.pod AND o.start_at = e.alloc_start_at
  WHERE least(e.idle_to, b.t1) > greatest(e.idle_from, b.t0)
),
-- The GPU-hour price of each pair with telemetry: the rule of gpu_hour_price over the window (METRICS.md, Cost).
pair_price AS (
  SELECT t.cluster, t.model, p.price, p.currency, p.source, coalesce(p.estimated, false) AS estimated
  FROM telemetry t
  LEFT JOIN gpu_hour_price($from, $to, $prices, $cluster_tags) p ON p.cluster = t.cluster AND p.model = t.model
),
-- The instance type and provider of a (cluster, model): those of most of its GPU cost in the window.
dominant AS (
  SELECT cluster, model, arg_max(instance_type, cost) AS instance_type, arg_max(provider, cost) AS provider
  FROM lines GROUP BY cluster, model
),
telemetry_groups AS (
  SELECT DISTINCT CASE $group_by WHEN 'model' THEN t.model WHEN 'cluster' THEN t.cluster WHEN 'instance_type' THEN d.instance_type
                                 WHEN 'provider' THEN d.provider ELSE 'all' END AS group_key
  FROM telemetry t LEFT JOIN dominant d ON d.cluster = t.cluster AND d.model = t.model
),
idle_groups AS (
  SELECT CASE $group_by WHEN 'model' THEN e.model WHEN 'cluster' THEN e.cluster WHEN 'instance_type' THEN d.instance_type
                        WHEN 'provider' THEN d.provider WHEN 'team' THEN e.team WHEN 'service' THEN e.service ELSE 'all' END AS group_key,
         sum(e.idle_h) AS idle_h,
         sum(e.idle_h * pp.price) AS idle_cost,
         count(*) FILTER (WHERE pp.price IS NULL) AS unpriced,
         count(DISTINCT pp.currency) AS currencies,
         min(pp.currency) AS currency,
         CASE WHEN count(DISTINCT pp.source) = 1 THEN min(pp.source) ELSE 'mixed' END AS source,
         bool_or(pp.estimated) AS estimated
  FROM episodes e
  JOIN pair_price pp ON pp.cluster = e.cluster AND pp.model = e.model
  LEFT JOIN dominant d ON d.cluster = e.cluster AND d.model = e.model
  GROUP BY 1
),
keys AS (SELECT group_key FROM cost_groups UNION SELECT group_key FROM idle_groups),
joined AS (
  SELECT k.group_key, c.currencies, c.currency, c.cost, c.gpu_h, c.estimated AS cost_estimated, c.last_day,
         i.idle_h, i.idle_cost, i.unpriced, i.currencies AS idle_currencies, i.currency AS idle_currency, i.source, i.estimated AS idle_estimated,
         CASE WHEN $group_by IN ('none', 'team', 'service') THEN EXISTS (SELECT 1 FROM telemetry)
              ELSE k.group_key IN (SELECT group_key FROM telemetry_groups) END AS observed
  FROM keys k
  LEFT JOIN cost_groups c ON c.group_key IS NOT DISTINCT FROM k.group_key
  LEFT JOIN idle_groups i ON i.group_key IS NOT DISTINCT FROM k.group_key
),
valued AS (
  SELECT *,
         CASE WHEN currencies = 1 THEN cost END AS cost_ok,
         CASE WHEN NOT observed THEN NULL
              WHEN idle_h IS NULL THEN 0
              WHEN unpriced = 0 AND idle_currencies = 1 AND (currency IS NULL OR currencies = 1 AND idle_currency = currency) THEN idle_cost
         END AS idle_cost_ok
  FROM joined
)
SELECT group_key,
       cost_ok AS cost,
       CASE WHEN currencies = 1 THEN currency WHEN currencies IS NULL AND idle_cost_ok IS NOT NULL THEN idle_currency END AS currency,
       round(gpu_h, 4) AS gpu_hours,
       CASE WHEN cost_ok IS NOT NULL AND gpu_h > 0 THEN round(cost_ok / gpu_h, 6)::DECIMAL(38,6) END AS cost_per_gpu_hour,
       CASE WHEN observed THEN round(coalesce(idle_h, 0), 4) END AS idle_gpu_hours,
       round(idle_cost_ok, 6)::DECIMAL(38,6) AS idle_cost,
       CASE WHEN cost_ok > 0 AND idle_cost_ok IS NOT NULL THEN round(idle_cost_ok / cost_ok, 4) END AS idle_share,
       CASE WHEN idle_h > 0 THEN source END AS price_source,
       coalesce(cost_estimated, false) OR coalesce(idle_h > 0 AND idle_estimated, false) AS estimated,
       coalesce(timezone($tz, (last_day + 1)::TIMESTAMP) > $now, $to > $now AND idle_h IS NOT NULL, false) AS partial,
       CASE WHEN currencies > 1 THEN 'mixed_currencies'
            WHEN currencies IS NULL THEN 'no_cost_lines'
            WHEN NOT observed THEN 'no_telemetry'
            WHEN idle_cost_ok IS NULL THEN 'no_price'
       END AS reason
FROM valued
ORDER BY group_key NULLS LAST
