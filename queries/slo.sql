-- @query slo
-- @version 1
-- @description SLO budgets and burn at --to, with the multiwindow multi-burn-rate status and a backtest of the alerts from --from (METRICS.md, Reliability).
-- @param from timestamptz  Backtest start: alert conditions are evaluated every 5 minutes from here to --to.
-- @param to timestamptz  The instant T the SLOs are evaluated at, rounded down to the 5-minute grid of the buckets.
-- @param preset varchar in(pulse,sloth,pyrra)  Alert windows and factors: pulse (METRICS.md), sloth (its period error ratio is the mean of 5-minute ratios), pyrra (windows scale with the period, fixed factors, `for` delays).
-- @column slo varchar  The SLO id (service/name).
-- @column service varchar
-- @column objective double  Target T, 0..1.
-- @column period varchar  rolling:Nd, or calendar:week|month|quarter|year (in period_tz).
-- @column period_tz varchar  The zone of a calendar period.
-- @column period_start timestamptz  Start of the period that ends at --to (rolling) or holds --to (calendar).
-- @column bad double  Bad events in the period up to --to.
-- @column total double  All events in the period up to --to.
-- @column error_ratio double  ER(period) = bad ÷ total (sloth: the mean of the 5-minute ratios); NULL without traffic.
-- @column budget_remaining_ratio double  1 − ER(period) ÷ B, may go below 0.
-- @column budget_remaining_events double  B · total − bad.
-- @column time_to_exhaustion_s double  Seconds until the budget is spent at the current burn (burn_rate_1h); 0 when spent; NULL without burn.
-- @column burn_rate_5m double  ER(5m) ÷ B over (T − 5m, T]; NULL without traffic.
-- @column burn_rate_30m double
-- @column burn_rate_1h double
-- @column burn_rate_2h double
-- @column burn_rate_6h double
-- @column burn_rate_1d double
-- @column burn_rate_3d double
-- @column burn_rate_period double  ER(period) ÷ B.
-- @column status varchar  page | ticket | ok | no_data at --to; NULL when the SLO cannot be evaluated (reason).
-- @column alerts json  Backtest: [{severity, start, end}] of the page and ticket alerts that would have fired from --from to --to; end NULL while firing at --to.
-- @column reason varchar  Why numbers are NULL: the SLO cannot be evaluated, or it has no buckets in the period.
--
-- Buckets are (bucket_start, bucket_start + 5m]; a window (T − w, T] sums the buckets ending in it, so a
-- window without traffic is NULL on its own and adds nothing to a longer window. Status windows per pair
-- (long, short, budget share or factor): pulse and sloth (1h, 5m, 2 %), (6h, 30m, 5 %) page, (1d, 2h, 10 %),
-- (3d, 6h, 10 %) ticket, factor = share · P ÷ long (sloth: its AlertWindows for the period when loaded);
-- pyrra P/672 & P/8064 ×14, P/112 & P/1344 ×7 critical, P/28 & P/336 ×2, P/7 & P/112 ×1 warning (page,
-- ticket), fired after `for` P/20160, P/2688, P/672, P/224 of sustained condition. Windows are rounded to
-- the 5-minute grid (at least 5 minutes). P is the period's length (a calendar period's full length).
WITH
bounds AS (
  SELECT epoch_ms($to) // 300000 * 300000 AS t_ms,
         least((epoch_ms($from) + 299999) // 300000 * 300000, epoch_ms($to) // 300000 * 300000) AS f_ms
),
defs AS (
  SELECT s.slo_id, s.service, s.objective, 1 - s.objective AS budget, s.period, s.period_tz,
         s.spec->>'$.unsupported' AS unsupported,
         split_part(s.period, ':', 1) AS kind, split_part(s.period, ':', 2) AS unit,
         b.t_ms, b.f_ms
  FROM slos s CROSS JOIN bounds b
),
calendar AS (
  SELECT d.*, date_trunc(d.unit, timezone(d.period_tz, to_timestamp((d.t_ms - 1) / 1000.0))) AS local_start
  FROM defs d WHERE d.kind = 'calendar'
),
periods AS (
  SELECT d.*, d.t_ms - CAST(rtrim(d.unit, 'd') AS BIGINT) * 86400000 AS p_start,
         CAST(rtrim(d.unit, 'd') AS BIGINT) * 86400000 AS p_len
  FROM defs d WHERE d.kind = 'rolling'
  UNION ALL BY NAME
  SELECT c.* EXCLUDE (local_start),
         epoch_ms(timezone(c.period_tz, c.local_start)) AS p_start,
         epoch_ms(timezone(c.period_tz, c.local_start + CASE c.unit WHEN 'week' THEN INTERVAL 7 DAY WHEN 'month' THEN INTERVAL 1 MONTH
                                                                  WHEN 'quarter' THEN INTERVAL 3 MONTH ELSE INTERVAL 1 YEAR END))
           - epoch_ms(timezone(c.period_tz, c.local_start)) AS p_len
  FROM calendar c
),
-- Per SLO the four window pairs of the preset: long (l), short (s) in ms on the 5-minute grid, factor (f) and
-- `for` (w). sloth takes Sloth AlertWindows loaded for the SLO's period (slo_alert_windows) when there are.
sloth_windows AS (
  SELECT p.slo_id, aw.*
  FROM periods p JOIN slo_alert_windows aw ON p.kind = 'rolling' AND aw.period_days * 86400000 = p.p_len
  WHERE $preset = 'sloth'
),
cfg AS (
  SELECT p.*,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 672 ELSE coalesce(sw.page_quick_long_ms, 3600000) END AS raw_l1,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 8064 ELSE coalesce(sw.page_quick_short_ms, 300000) END AS raw_s1,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 112 ELSE coalesce(sw.page_slow_long_ms, 21600000) END AS raw_l2,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 1344 ELSE coalesce(sw.page_slow_short_ms, 1800000) END AS raw_s2,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 28 ELSE coalesce(sw.ticket_quick_long_ms, 86400000) END AS raw_l3,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 336 ELSE coalesce(sw.ticket_quick_short_ms, 7200000) END AS raw_s3,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 7 ELSE coalesce(sw.ticket_slow_long_ms, 259200000) END AS raw_l4,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 112 ELSE coalesce(sw.ticket_slow_short_ms, 21600000) END AS raw_s4,
         coalesce(sw.page_quick_share, 0.02) AS share1, coalesce(sw.page_slow_share, 0.05) AS share2,
         coalesce(sw.ticket_quick_share, 0.10) AS share3, coalesce(sw.ticket_slow_share, 0.10) AS share4,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 20160 ELSE 0 END AS w1,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 2688 ELSE 0 END AS w2,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 672 ELSE 0 END AS w3,
         CASE WHEN $preset = 'pyrra' THEN p.p_len / 224 ELSE 0 END AS w4
  FROM periods p LEFT JOIN sloth_windows sw ON sw.slo_id = p.slo_id
),
grid_cfg AS (
  SELECT c.* EXCLUDE (raw_l1, raw_s1, raw_l2, raw_s2, raw_l3, raw_s3, raw_l4, raw_s4),
         greatest(300000, round(c.raw_l1 / 300000) * 300000)::BIGINT AS l1, greatest(300000, round(c.raw_s1 / 300000) * 300000)::BIGINT AS s1,
         greatest(300000, round(c.raw_l2 / 300000) * 300000)::BIGINT AS l2, greatest(300000, round(c.raw_s2 / 300000) * 300000)::BIGINT AS s2,
         greatest(300000, round(c.raw_l3 / 300000) * 300000)::BIGINT AS l3, greatest(300000, round(c.raw_s3 / 300000) * 300000)::BIGINT AS s3,
         greatest(300000, round(c.raw_l4 / 300000) * 300000)::BIGINT AS l4, greatest(300000, round(c.raw_s4 / 300000) * 300000)::BIGINT AS s4
  FROM cfg c
),
pair_factors AS (
  SELECT c.*,
         CASE WHEN $preset = 'pyrra' THEN 14 ELSE c.share1 * c.p_len / c.l1 END AS f1,
         CASE WHEN $preset = 'pyrra' THEN 7 ELSE c.share2 * c.p_len / c.l2 END AS f2,
         CASE WHEN $preset = 'pyrra' THEN 2 ELSE c.share3 * c.p_len / c.l3 END AS f3,
         CASE WHEN $preset = 'pyrra' THEN 1 ELSE c.share4 * c.p_len / c.l4 END AS f4,
         greatest(c.s1, c.s2, c.s3, c.s4) AS smax,
         greatest(c.l1, c.l2, c.l3, c.l4) AS lmax,
         -- The earliest bucket end the backtest and the 3-day burn rate read.
         c.f_ms - greatest(259200000, c.l1, c.l2, c.l3, c.l4) AS g_ms
  FROM grid_cfg c
),
factors AS (
  SELECT f.*, least(f.f1, f.f2, f.f3, f.f4) * f.budget AS thr,
         (f.l1, f.s1, f.l2, f.s2, f.l3, f.s3, f.l4, f.s4) = (3600000, 300000, 21600000, 1800000, 86400000, 7200000, 259200000, 21600000) AS usual
  FROM pair_factors f
),
-- Period totals at T: one pass over the period's buckets.
period_sums AS (
  SELECT f.slo_id,
         sum(b.bad) AS bad, sum(b.total) AS total,
         avg(b.bad / b.total) FILTER (WHERE b.total > 0) AS mean_ratio,
         count(*) AS buckets
  FROM factors f
  JOIN slo_buckets b ON b.slo_id = f.slo_id
  WHERE b.bucket_start >= to_timestamp(f.p_start / 1000.0) AND b.bucket_start <= to_timestamp((f.t_ms - 300000) / 1000.0)
  GROUP BY f.slo_id
),
-- Buckets by their end e (ms), from the earliest grid start on.
recent AS (
  SELECT b.slo_id, epoch_ms(b.bucket_start) + 300000 AS e, b.bad, b.total
  FROM slo_buckets b
  WHERE b.bucket_start >= to_timestamp(((SELECT min(g_ms) FROM factors)) / 1000.0)
),
-- Window sums at T (burn rates, and the short windows' traffic for no_data).
at_t AS (
  SELECT f.slo_id,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 300000) AS b5m,       sum(r.total) FILTER (WHERE r.e > f.t_ms - 300000) AS t5m,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 1800000) AS b30m,     sum(r.total) FILTER (WHERE r.e > f.t_ms - 1800000) AS t30m,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 3600000) AS b1h,      sum(r.total) FILTER (WHERE r.e > f.t_ms - 3600000) AS t1h,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 7200000) AS b2h,      sum(r.total) FILTER (WHERE r.e > f.t_ms - 7200000) AS t2h,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 21600000) AS b6h,     sum(r.total) FILTER (WHERE r.e > f.t_ms - 21600000) AS t6h,
         sum(r.bad) FILTER (WHERE r.e > f.t_ms - 86400000) AS b1d,     sum(r.total) FILTER (WHERE r.e > f.t_ms - 86400000) AS t1d,
         sum(r.bad) AS b3d, sum(r.total) AS t3d,
         sum(r.total) FILTER (WHERE r.e > f.t_ms - greatest(f.s1, f.s2, f.s3, f.s4)) AS t_short
  FROM factors f JOIN recent r ON r.slo_id = f.slo_id
  WHERE r.e > f.t_ms - 259200000 AND r.e <= f.t_ms
  GROUP BY f.slo_id
),
-- A pair can only hold at step e when its short window holds a bucket whose own ratio exceeds factor · B (the
-- window's ratio is a weighted mean of its buckets'). So the backtest runs on segments around such buckets
-- only: steps up to the longest short window after one, with the longest long window before them.
candidates AS (
  SELECT r.slo_id, r.e, f.smax, f.lmax, f.f_ms, f.t_ms
  FROM recent r JOIN factors f ON f.slo_id = r.slo_id
  WHERE f.unsupported IS NULL AND r.bad > 0 AND r.bad > f.thr * r.total
    AND r.e > f.f_ms - f.smax AND r.e <= f.t_ms
),
candidate_runs AS (
  SELECT c.*, sum(CASE WHEN c.e - c.prev_e <= c.smax + c.lmax THEN 0 ELSE 1 END) OVER (PARTITION BY c.slo_id ORDER BY c.e ROWS UNBOUNDED PRECEDING) AS seg
  FROM (SELECT c.*, lag(c.e) OVER (PARTITION BY c.slo_id ORDER BY c.e) AS prev_e FROM candidates c) c
),
segments AS (
  SELECT slo_id, seg,
         greatest(min(e), any_value(f_ms)) AS eval_from,
         least(max(e) + any_value(smax) - 300000, any_value(t_ms)) AS eval_to,
         any_value(lmax) AS lmax
  FROM candidate_runs
  GROUP BY slo_id, seg
),
grid AS (
  SELECT s.slo_id, s.seg, s.eval_from, unnest(generate_series(s.eval_from - s.lmax + 300000, s.eval_to, 300000)) AS e
  FROM segments s
),
segment_buckets AS (
  SELECT r.slo_id, s.seg, r.e, r.bad, r.total
  FROM recent r JOIN segments s ON s.slo_id = r.slo_id AND r.e > s.eval_from - s.lmax AND r.e <= s.eval_to
),
cum AS (
  SELECT g.slo_id, g.seg, g.eval_from, g.e,
         sum(coalesce(b.bad, 0)) OVER w AS cb, sum(coalesce(b.total, 0)) OVER w AS ct
  FROM grid g LEFT JOIN segment_buckets b ON b.slo_id = g.slo_id AND b.seg = g.seg AND b.e = g.e
  WINDOW w AS (PARTITION BY g.slo_id, g.seg ORDER BY g.e ROWS UNBOUNDED PRECEDING)
),
-- Window sums ending at e: cum(e) − cum(e − w), by row offsets on the dense segment. The usual windows (all
-- of pulse's, and sloth's without custom AlertWindows) take constant offsets, which are much cheaper.
windows_usual AS (
  SELECT c.slo_id, c.e, c.eval_from, f.budget, f.f1, f.f2, f.f3, f.f4,
         c.cb - lag(c.cb, 12, 0) OVER o AS bl1,  c.ct - lag(c.ct, 12, 0) OVER o AS tl1,
         c.cb - lag(c.cb, 1, 0) OVER o AS bs1,   c.ct - lag(c.ct, 1, 0) OVER o AS ts1,
         c.cb - lag(c.cb, 72, 0) OVER o AS bl2,  c.ct - lag(c.ct, 72, 0) OVER o AS tl2,
         c.cb - lag(c.cb, 6, 0) OVER o AS bs2,   c.ct - lag(c.ct, 6, 0) OVER o AS ts2,
         c.cb - lag(c.cb, 288, 0) OVER o AS bl3, c.ct - lag(c.ct, 288, 0) OVER o AS tl3,
         c.cb - lag(c.cb, 24, 0) OVER o AS bs3,  c.ct - lag(c.ct, 24, 0) OVER o AS ts3,
         c.cb - lag(c.cb, 864, 0) OVER o AS bl4, c.ct - lag(c.ct, 864, 0) OVER o AS tl4
  FROM cum c JOIN factors f ON f.slo_id = c.slo_id
  WHERE f.usual
  WINDOW o AS (PARTITION BY c.slo_id, c.seg ORDER BY c.e)
),
windows_other AS (
  SELECT c.slo_id, c.e, c.eval_from, f.budget, f.f1, f.f2, f.f3, f.f4,
         c.cb - lag(c.cb, (f.l1 // 300000)::BIGINT, 0) OVER o AS bl1, c.ct - lag(c.ct, (f.l1 // 300000)::BIGINT, 0) OVER o AS tl1,
         c.cb - lag(c.cb, (f.s1 // 300000)::BIGINT, 0) OVER o AS bs1, c.ct - lag(c.ct, (f.s1 // 300000)::BIGINT, 0) OVER o AS ts1,
         c.cb - lag(c.cb, (f.l2 // 300000)::BIGINT, 0) OVER o AS bl2, c.ct - lag(c.ct, (f.l2 // 300000)::BIGINT, 0) OVER o AS tl2,
         c.cb - lag(c.cb, (f.s2 // 300000)::BIGINT, 0) OVER o AS bs2, c.ct - lag(c.ct, (f.s2 // 300000)::BIGINT, 0) OVER o AS ts2,
         c.cb - lag(c.cb, (f.l3 // 300000)::BIGINT, 0) OVER o AS bl3, c.ct - lag(c.ct, (f.l3 // 300000)::BIGINT, 0) OVER o AS tl3,
         c.cb - lag(c.cb, (f.s3 // 300000)::BIGINT, 0) OVER o AS bs3, c.ct - lag(c.ct, (f.s3 // 300000)::BIGINT, 0) OVER o AS ts3,
         c.cb - lag(c.cb, (f.l4 // 300000)::BIGINT, 0) OVER o AS bl4, c.ct - lag(c.ct, (f.l4 // 300000)::BIGINT, 0) OVER o AS tl4,
         c.cb - lag(c.cb, (f.s4 // 300000)::BIGINT, 0) OVER o AS bs4, c.ct - lag(c.ct, (f.s4 // 300000)::BIGINT, 0) OVER o AS ts4
  FROM cum c JOIN factors f ON f.slo_id = c.slo_id
  WHERE NOT f.usual
  WINDOW o AS (PARTITION BY c.slo_id, c.seg ORDER BY c.e)
),
windows AS (
  SELECT *, bl2 AS bs4, tl2 AS ts4 FROM windows_usual
  UNION ALL BY NAME
  SELECT * FROM windows_other
),
-- The steps where a pair holds: both its windows burn faster than factor · B (a window without traffic never holds).
conditions AS (
  SELECT slo_id, e,
         coalesce(tl1 > 0 AND ts1 > 0 AND bl1 / tl1 > f1 * budget AND bs1 / ts1 > f1 * budget, false) AS p1,
         coalesce(tl2 > 0 AND ts2 > 0 AND bl2 / tl2 > f2 * budget AND bs2 / ts2 > f2 * budget, false) AS p2,
         coalesce(tl3 > 0 AND ts3 > 0 AND bl3 / tl3 > f3 * budget AND bs3 / ts3 > f3 * budget, false) AS p3,
         coalesce(tl4 > 0 AND ts4 > 0 AND bl4 / tl4 > f4 * budget AND bs4 / ts4 > f4 * budget, false) AS p4
  FROM windows
  WHERE e >= eval_from
),
holding AS (
  SELECT slo_id, e, CAST(right(pair, 1) AS INTEGER) AS pair
  FROM (SELECT * FROM conditions WHERE p1 OR p2 OR p3 OR p4) UNPIVOT (holds FOR pair IN (p1, p2, p3, p4))
  WHERE holds
),
-- Consecutive steps of a pair form a run (step index minus rank is constant along a run). The alert fires
-- once the run has lasted its `for` (activeAt = the run's first step, or --from for a run already going).
pair_runs AS (
  SELECT slo_id, pair, min(e) AS run_from, max(e) AS run_to
  FROM (SELECT h.*, h.e // 300000 - row_number() OVER (PARTITION BY h.slo_id, h.pair ORDER BY h.e) AS run FROM holding h)
  GROUP BY slo_id, pair, run
),
pair_alerts AS (
  SELECT r.slo_id, CASE WHEN r.pair <= 2 THEN 'page' ELSE 'ticket' END AS severity,
         (r.run_from + ceil(CASE r.pair WHEN 1 THEN f.w1 WHEN 2 THEN f.w2 WHEN 3 THEN f.w3 ELSE f.w4 END / 300000) * 300000)::BIGINT AS start_ms,
         r.run_to AS last_ms, f.t_ms
  FROM pair_runs r JOIN factors f ON f.slo_id = r.slo_id
),
-- Either pair of a severity fires its alert: overlapping or adjacent intervals merge.
alert_runs AS (
  SELECT slo_id, severity, min(start_ms) AS start_ms, max(last_ms) AS last_ms, any_value(t_ms) AS t_ms
  FROM (
    SELECT a.*, sum(CASE WHEN a.start_ms <= a.prev_last + 300000 THEN 0 ELSE 1 END)
                  OVER (PARTITION BY a.slo_id, a.severity ORDER BY a.start_ms, a.last_ms ROWS UNBOUNDED PRECEDING) AS grp
    FROM (SELECT p.*, max(p.last_ms) OVER (PARTITION BY p.slo_id, p.severity ORDER BY p.start_ms, p.last_ms ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_last
          FROM pair_alerts p WHERE p.start_ms <= p.last_ms) a
  )
  GROUP BY slo_id, severity, grp
),
alerts AS (
  SELECT slo_id,
         bool_or(severity = 'page' AND last_ms = t_ms) AS page_now,
         bool_or(severity = 'ticket' AND last_ms = t_ms) AS ticket_now,
         to_json(list({
           'severity': severity,
           'start': strftime(epoch_ms(start_ms), '%Y-%m-%dT%H:%M:%S.%gZ'),
           'end': CASE WHEN last_ms = t_ms THEN NULL ELSE strftime(epoch_ms(last_ms + 300000), '%Y-%m-%dT%H:%M:%S.%gZ') END
         } ORDER BY start_ms, severity)) AS alerts
  FROM alert_runs
  GROUP BY slo_id
),
rows_ AS (
  SELECT f.slo_id, f.service, f.objective, f.period, f.period_tz, f.p_start, f.p_len, f.budget, f.unsupported,
         ps.bad, ps.total, coalesce(ps.buckets, 0) AS buckets,
         CASE WHEN $preset = 'sloth' THEN ps.mean_ratio WHEN ps.total > 0 THEN ps.bad / ps.total END AS er_period,
         a.b5m / nullif(a.t5m, 0) / f.budget AS br_5m,
         a.b30m / nullif(a.t30m, 0) / f.budget AS br_30m,
         a.b1h / nullif(a.t1h, 0) / f.budget AS br_1h,
         a.b2h / nullif(a.t2h, 0) / f.budget AS br_2h,
         a.b6h / nullif(a.t6h, 0) / f.budget AS br_6h,
         a.b1d / nullif(a.t1d, 0) / f.budget AS br_1d,
         a.b3d / nullif(a.t3d, 0) / f.budget AS br_3d,
         CASE WHEN al.page_now THEN 'page' WHEN al.ticket_now THEN 'ticket'
              WHEN coalesce(a.t_short, 0) = 0 THEN 'no_data'
              ELSE 'ok' END AS status,
         al.alerts
  FROM factors f
  LEFT JOIN period_sums ps ON ps.slo_id = f.slo_id
  LEFT JOIN at_t a ON a.slo_id = f.slo_id
  LEFT JOIN alerts al ON al.slo_id = f.slo_id
)
SELECT r.slo_id AS slo, r.service, r.objective, r.period, r.period_tz,
       to_timestamp(r.p_start / 1000.0) AS period_start,
       CASE WHEN r.unsupported IS NULL THEN coalesce(r.bad, 0) END AS bad,
       CASE WHEN r.unsupported IS NULL THEN coalesce(r.total, 0) END AS total,
       r.er_period AS error_ratio,
       1 - r.er_period / r.budget AS budget_remaining_ratio,
       CASE WHEN r.total > 0 THEN r.budget * r.total - r.bad END AS budget_remaining_events,
       CASE WHEN r.er_period IS NULL OR r.br_1h IS NULL THEN NULL
            WHEN 1 - r.er_period / r.budget <= 0 THEN 0
            WHEN r.br_1h > 0 THEN (1 - r.er_period / r.budget) * r.p_len / 1000 / r.br_1h END AS time_to_exhaustion_s,
       r.br_5m AS burn_rate_5m, r.br_30m AS burn_rate_30m, r.br_1h AS burn_rate_1h, r.br_2h AS burn_rate_2h,
       r.br_6h AS burn_rate_6h, r.br_1d AS burn_rate_1d, r.br_3d AS burn_rate_3d,
       r.er_period / r.budget AS burn_rate_period,
       CASE WHEN r.unsupported IS NULL THEN r.status END AS status,
       CASE WHEN r.unsupported IS NULL THEN coalesce(r.alerts, '[]'::JSON) END AS alerts,
       CASE WHEN r.unsupported IS NOT NULL THEN r.unsupported
            WHEN r.buckets = 0 THEN 'no SLI buckets in the period: evaluate the SLI first (pulse slo eval)' END AS reason
FROM rows_ r
ORDER BY r.slo_id
