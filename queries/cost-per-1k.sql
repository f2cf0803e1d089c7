-- @query cost-per-1k
-- @version 2
-- @description Cost per 1,000 inferences per model service and day: allocation- and usage-based GPU cost plus attributed cost lines, over the requests of exactly the same window (METRICS.md, Cost).
-- @param from timestamptz  Window start, inclusive.
-- @param to timestamptz  Window end, exclusive.
-- @param tz varchar  IANA zone of the days.
-- @param now timestamptz  The time of the query: a day not yet over is partial.
-- @param group_by varchar in(none,service)  service: one row per service and day; none: all services together per day.
-- @param rules varchar  Attribution rules, JSON [{priority, kind: tag|resource_id|namespace|label, key, value (glob), team, service}].
-- @param service_tags varchar  JSON list of tag keys whose value names the service of a cost line.
-- @param cluster_tags varchar  JSON list of tag keys whose value names the cluster of a GPU instance line.
-- @param prices varchar  Price overrides from pulse.yaml, JSON [{instance_type, region, gpu_model, gpus, price_per_hour, currency}].
-- @param low_volume integer  Fewer requests than this in a window is low_volume (default 1000).
-- @param idle_activity double  A minute is idle below this activity (default 0.05).
-- @param idle_dram double  …and below this DRAM activity where present (default 0.05).
-- @param idle_power_baseline_factor double  …and at most this × the model's idle power (default 1.3)…
-- @param idle_power_limit_share double  …or this share of the power limit, whichever is larger (default 0.25).
-- @param suspect_util double  Profiling activity 0 while GPU_UTIL is at least this is suspect (default 0.5).
-- @param suspect_power_share double  …or while power is at least this share of the limit (default 0.5).
-- @column group_key varchar  The service.
-- @column window_start timestamptz  Start of the day in tz (or --from).
-- @column window_end timestamptz  End of the day in tz (or --to), exclusive.
-- @column allocated_gpu_hours double  GPU-hours the service's pods held (× MIG share × time-slicing share).
-- @column busy_gpu_hours double  Of those, the busy minutes (gpu-util states) ÷ 60.
-- @column attributed_cost decimal  Cost lines attributed to the service by tag or resource rules (GPU lines of observed clusters excluded: they are priced through GPU-hours).
-- @column allocation_based_cost decimal  allocated GPU-hours × GPU-hour price + attributed_cost.
-- @column usage_based_cost decimal  busy GPU-hours × GPU-hour price + attributed_cost.
-- @column currency varchar
-- @column requests double  Requests in exactly this window (usage rows inside it; a row straddling its edge counts pro rata).
-- @column cost_per_1k decimal  1000 × allocation_based_cost ÷ requests.
-- @column usage_based_cost_per_1k decimal  1000 × usage_based_cost ÷ requests.
-- @column utilization double  usage_based_cost ÷ allocation_based_cost.
-- @column price_source varchar  cost_data, gpu_price:TYPE@AS_OF, config:TYPE, or mixed.
-- @column estimated boolean  Built on estimated (provisional) cost data.
-- @column partial boolean  The day is not over yet.
-- @column low_volume boolean  Fewer requests than low_volume.
-- @column reason varchar  Why cost_per_1k is NULL: no_usage_data, no_requests, no_cost_data, no_price, mixed_currencies.
--
-- GPU-hour price per (cluster, GPU model) and day: the rule of the macro gpu_hour_price (collector/store/migrations/
-- 0011_gpu_hour_price.sql), the one gpu-spend and idle-gpus apply, over the day when that day's cost data prices the
-- pair (EffectiveCost ÷ billed GPU-hours of its GPU instance lines); else over the whole window: its cost data, else
-- the price list (pulse.yaml prices, then gpu_price: the per-GPU price of the model's instance type with the most
-- GPUs, us-east-1 first, newest as_of on or before the window's end). A pod belongs to a service by the first
-- attribution rule (namespace, label) naming one, else by its container name when that is a known service.
-- Allocations count up to the end of the day, now or the newest telemetry minute, whichever is first.
WITH
days AS (
  SELECT d AS day,
         greatest(timezone($tz, d::TIMESTAMP), $from) AS ws,
         least(timezone($tz, (d + 1)::TIMESTAMP), $to) AS we,
         timezone($tz, (d + 1)::TIMESTAMP) AS day_end
  FROM (SELECT unnest(range(timezone($tz, $from)::DATE, timezone($tz, $to - INTERVAL 1 MICROSECOND)::DATE + 1, INTERVAL 1 DAY))::DATE AS d)
),
rule_list AS (SELECT * FROM attribution_rules($rules)),
units AS (
  SELECT g.gpu_uuid, coalesce(i.gpu_instance, '') AS gpu_instance, coalesce(i.share, 1.0) AS share, g.cluster, g.model,
         g.power_limit_w, coalesce(m.idle_power_w, 0) AS idle_power_w,
         g.first_seen, coalesce(g.retired_at, 'infinity'::TIMESTAMPTZ) AS retired_at
  FROM gpus g
  LEFT JOIN gpu_instances i ON i.gpu_uuid = g.gpu_uuid
  LEFT JOIN gpu_models m ON m.model = g.model
),
alloc AS (SELECT * FROM allocations_overlapping($from, $to)),
alloc_rule AS (
  SELECT a.alloc_id, arg_min(r.service, r.priority) AS service
  FROM alloc a
  JOIN rule_list r
    ON r.service IS NOT NULL
   AND ((r.kind = 'namespace' AND a.namespace GLOB r."value")
     OR (r.kind = 'label' AND (CASE r."key" WHEN 'namespace' THEN a.namespace WHEN 'pod' THEN a.pod WHEN 'container' THEN a.container END) GLOB r."value"))
  GROUP BY a.alloc_id
),
-- Service allocations clipped to the unit's time in service.
service_alloc AS (
  SELECT a.gpu_uuid, a.gpu_instance, u.cluster, u.model, u.share * a.alloc_share AS w,
         coalesce(ar.service, s.service) AS service,
         greatest(a.start_at, u.first_seen) AS start_at, least(a.end_at, u.retired_at) AS end_at
  FROM alloc a
  JOIN units u ON u.gpu_uuid = a.gpu_uuid AND u.gpu_instance = a.gpu_instance
  LEFT JOIN alloc_rule ar ON ar.alloc_id = a.alloc_id
  LEFT JOIN services s ON s.service = a.container
  WHERE coalesce(ar.service, s.service) IS NOT NULL
),
-- Held time up to the end of the day, now, or the newest telemetry minute: the future is not allocated.
horizon AS (SELECT least($now, coalesce(max(minute) + INTERVAL 1 MINUTE, $now)) AS h FROM gpu_minute),
allocated AS (
  SELECT sa.service, d.day, sa.cluster, sa.model,
         sum(sa.w * epoch(least(sa.end_at, d.we, h.h) - greatest(sa.start_at, d.ws)) / 3600) AS alloc_h
  FROM service_alloc sa
  CROSS JOIN horizon h
  JOIN days d ON sa.start_at < least(d.we, h.h) AND sa.end_at > d.ws
  GROUP BY ALL
),
-- Busy minutes of the units the service held: the minute states of gpu-util (gpu_minute_state, same thresholds).
busy AS (
  SELECT service, day, cluster, model, sum(w) / 60 AS busy_h
  FROM (
    SELECT sa.service, d.day, sa.cluster, sa.model, sa.w,
           gpu_minute_state(m.activity, m.bad_samples, m.prof_activity, m.gpu_util, m.dram_active, m.power_w, u.power_limit_w, u.idle_power_w,
                            $idle_activity, $idle_dram, $idle_power_baseline_factor, $idle_power_limit_share, $suspect_util, $suspect_power_share) AS state
    FROM service_alloc sa
    JOIN units u ON u.gpu_uuid = sa.gpu_uuid AND u.gpu_instance = sa.gpu_instance
    JOIN gpu_minute m ON m.gpu_uuid = sa.gpu_uuid AND m.gpu_instance = sa.gpu_instance AND m.minute >= sa.start_at AND m.minute < sa.end_at
    JOIN days d ON m.minute >= d.ws AND m.minute < d.we
    WHERE m.minute >= $from AND m.minute < $to AND (m.activity IS NOT NULL OR m.bad_samples > 0))
  WHERE state = 'busy'
  GROUP BY ALL
),
lines AS (
  SELECT row_number() OVER () AS line_id, c.EffectiveCost AS cost, c.BillingCurrency AS currency, c.x_gpu_model AS model,
         c.x_estimated AS estimated, c.ResourceId AS resource_id, c.Tags AS tags,
         timezone($tz, c.ChargePeriodStart)::DATE AS day,
         coalesce(c.x_cluster, list_filter(list_transform(from_json($cluster_tags, '["VARCHAR"]'), lambda k: json_extract_string(c.Tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS cluster
  FROM cost_line c
  WHERE c.ChargePeriodStart >= $from AND c.ChargePeriodStart < $to AND c.ChargeCategory IN ('Usage', 'Purchase')
),
line_service AS (
  SELECT l.line_id, arg_min(r.service, r.priority) AS service
  FROM lines l
  JOIN rule_list r
    ON r.service IS NOT NULL
   AND ((r.kind = 'tag' AND json_extract_string(l.tags, '$.' || to_json(r."key")) GLOB r."value")
     OR (r.kind = 'resource_id' AND l.resource_id GLOB r."value"))
  GROUP BY l.line_id
),
observed_pairs AS (SELECT DISTINCT cluster, model FROM units),
attributed AS (
  SELECT coalesce(ls.service, list_filter(list_transform(from_json($service_tags, '["VARCHAR"]'), lambda k: json_extract_string(l.tags, '$.' || to_json(k))), lambda v: v IS NOT NULL)[1]) AS service,
         l.day, l.currency, sum(l.cost) AS cost, bool_or(l.estimated) AS estimated
  FROM lines l
  LEFT JOIN line_service ls ON ls.line_id = l.line_id
  WHERE NOT EXISTS (SELECT 1 FROM observed_pairs o WHERE o.cluster = l.cluster AND o.model = l.model)
  GROUP BY ALL
  HAVING service IS NOT NULL
),
-- The GPU-hour price of each (cluster, model): the rule of gpu_hour_price (METRICS.md, Cost) over the day when the
-- cost data of that day prices it (gpu_hour_cost_price, its first step), else over the whole window (its cost data,
-- else the price list).
day_price AS (
  SELECT d.day, p.cluster, p.model, p.price, p.currency, p.estimated
  FROM days d, LATERAL gpu_hour_cost_price(d.ws, d.we, $cluster_tags) p
),
window_price AS (
  SELECT * FROM gpu_hour_price($from, $to, $prices, $cluster_tags)
),
-- GPU-hours of a service, day, cluster and model with their price.
priced AS (
  SELECT a.service, a.day, a.alloc_h, coalesce(b.busy_h, 0) AS busy_h,
         coalesce(dp.price, wp.price) AS price,
         CASE WHEN dp.price IS NOT NULL THEN dp.currency ELSE wp.currency END AS currency,
         CASE WHEN dp.price IS NOT NULL THEN 'cost_data' ELSE wp.source END AS source,
         coalesce(dp.estimated, wp.estimated, false) AS estimated
  FROM allocated a
  LEFT JOIN busy b ON b.service = a.service AND b.day = a.day AND b.cluster = a.cluster AND b.model = a.model
  LEFT JOIN day_price dp ON dp.cluster = a.cluster AND dp.model = a.model AND dp.day = a.day
  LEFT JOIN window_price wp ON wp.cluster = a.cluster AND wp.model = a.model
),
requests AS (
  SELECT u.service, d.day,
         sum(u.value * epoch(least(u.window_end, d.we) - greatest(u.window_start, d.ws)) / epoch(u.window_end - u.window_start)) AS requests
  FROM usage_metric u
  JOIN days d ON u.window_start < d.we AND u.window_end > d.ws
  WHERE u.metric = 'inference_requests' AND u.window_end > u.window_start
  GROUP BY ALL
),
-- Every (service, day) with GPU-hours, attributed cost or usage data, as rows to fill.
service_days AS (
  SELECT service, day FROM allocated
  UNION SELECT service, day FROM attributed
  UNION SELECT service, day FROM requests
),
parts AS (
  SELECT sd.service, sd.day, 'gpu' AS kind, p.alloc_h, p.busy_h, p.alloc_h * p.price AS alloc_cost, p.busy_h * p.price AS busy_cost,
         NULL::DECIMAL(38,12) AS attributed, p.currency, p.source, p.estimated, p.price IS NULL AS unpriced
  FROM service_days sd JOIN priced p ON p.service = sd.service AND p.day = sd.day
  UNION ALL
  SELECT sd.service, sd.day, 'line', 0, 0, 0, 0, a.cost, a.currency, NULL, a.estimated, false
  FROM service_days sd JOIN attributed a ON a.service = sd.service AND a.day = sd.day
),
per_service AS (
  SELECT sd.service, sd.day,
         sum(p.alloc_h) AS alloc_h, sum(p.busy_h) AS busy_h,
         sum(p.attributed) AS attributed,
         sum(p.alloc_cost) AS alloc_cost, sum(p.busy_cost) AS busy_cost,
         count(DISTINCT p.currency) AS currencies, min(p.currency) AS currency,
         CASE WHEN count(DISTINCT p.source) > 1 THEN 'mixed' ELSE min(p.source) END AS source,
         coalesce(bool_or(p.estimated), false) AS estimated,
         coalesce(bool_or(p.unpriced), false) AS unpriced,
         count(p.kind) AS parts,
         r.requests,
         r.requests IS NOT NULL OR $group_by = 'service' AS counted
  FROM service_days sd
  LEFT JOIN parts p ON p.service = sd.service AND p.day = sd.day
  LEFT JOIN requests r ON r.service = sd.service AND r.day = sd.day
  GROUP BY sd.service, sd.day, r.requests
),
-- All services together (group_by none) count only the services with usage data that day.
grouped AS (
  SELECT CASE WHEN $group_by = 'service' THEN service ELSE 'all' END AS group_key, day,
         sum(alloc_h) FILTER (WHERE counted) AS alloc_h, sum(busy_h) FILTER (WHERE counted) AS busy_h,
         sum(attributed) FILTER (WHERE counted) AS attributed,
         sum(alloc_cost) FILTER (WHERE counted) AS alloc_cost, sum(busy_cost) FILTER (WHERE counted) AS busy_cost,
         coalesce(max(currencies) FILTER (WHERE counted), 0) AS currencies,
         count(DISTINCT currency) FILTER (WHERE counted) AS group_currencies, min(currency) FILTER (WHERE counted) AS currency,
         CASE WHEN count(DISTINCT source) FILTER (WHERE counted) > 1 THEN 'mixed' ELSE min(source) FILTER (WHERE counted) END AS source,
         coalesce(bool_or(estimated) FILTER (WHERE counted), false) AS estimated,
         coalesce(bool_or(unpriced) FILTER (WHERE counted), false) AS unpriced,
         coalesce(sum(parts) FILTER (WHERE counted), 0) AS parts,
         sum(requests) AS requests, count(requests) AS with_usage
  FROM per_service GROUP BY ALL
),
costed AS (
  SELECT g.*, d.ws, d.we, d.day_end,
         CASE
           WHEN g.with_usage = 0 THEN 'no_usage_data'
           WHEN g.parts = 0 THEN 'no_cost_data'
           WHEN g.currencies > 1 OR g.group_currencies > 1 THEN 'mixed_currencies'
           WHEN g.unpriced THEN 'no_price'
           WHEN g.requests = 0 THEN 'no_requests'
         END AS reason,
         CASE WHEN g.parts > 0 AND g.currencies <= 1 AND g.group_currencies <= 1 AND NOT g.unpriced
              THEN round(coalesce(g.alloc_cost, 0) + coalesce(g.attributed, 0), 6) END AS allocation_based,
         CASE WHEN g.parts > 0 AND g.currencies <= 1 AND g.group_currencies <= 1 AND NOT g.unpriced
              THEN round(coalesce(g.busy_cost, 0) + coalesce(g.attributed, 0), 6) END AS usage_based
  FROM grouped g JOIN days d ON d.day = g.day
)
SELECT group_key,
       ws AS window_start,
       we AS window_end,
       round(coalesce(alloc_h, 0), 4) AS allocated_gpu_hours,
       round(coalesce(busy_h, 0), 4) AS busy_gpu_hours,
       attributed AS attributed_cost,
       allocation_based::DECIMAL(38,6) AS allocation_based_cost,
       usage_based::DECIMAL(38,6) AS usage_based_cost,
       CASE WHEN allocation_based IS NOT NULL THEN currency END AS currency,
       round(requests, 3) AS requests,
       CASE WHEN reason IS NULL THEN round(1000 * allocation_based / requests, 6)::DECIMAL(38,6) END AS cost_per_1k,
       CASE WHEN reason IS NULL THEN round(1000 * usage_based / requests, 6)::DECIMAL(38,6) END AS usage_based_cost_per_1k,
       CASE WHEN allocation_based > 0 THEN round(usage_based / allocation_based, 4) END AS utilization,
       source AS price_source,
       estimated,
       day_end > $now AS partial,
       coalesce(requests < $low_volume, false) AS low_volume,
       reason
FROM costed
ORDER BY group_key, window_start
