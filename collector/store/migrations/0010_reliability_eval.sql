-- Reliability, second step: resumable SLI evaluation and Sloth's custom alert windows.

-- Where the evaluation of one SLO over one window stands: buckets starting before done_until are written, so
-- an interrupted `pulse slo eval` resumes there when run again for the same window.
CREATE TABLE slo_eval_cursors (
  slo_id        VARCHAR NOT NULL,
  path          VARCHAR NOT NULL,                -- prometheus | offline
  window_start  TIMESTAMPTZ NOT NULL,
  window_end    TIMESTAMPTZ NOT NULL,
  done_until    TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (slo_id, path, window_start, window_end)
);

-- Sloth AlertWindows (sloth.slok.dev/v1, kind AlertWindows) per SLO period in days: the `sloth` preset of
-- `pulse kpi slo` uses them for SLOs of that rolling period (without them, Sloth's Google windows). Shares are
-- of the error budget (errorBudgetPercent ÷ 100); windows in milliseconds.
CREATE TABLE slo_alert_windows (
  period_days             INTEGER PRIMARY KEY,
  page_quick_share        DOUBLE NOT NULL,
  page_quick_short_ms     BIGINT NOT NULL,
  page_quick_long_ms      BIGINT NOT NULL,
  page_slow_share         DOUBLE NOT NULL,
  page_slow_short_ms      BIGINT NOT NULL,
  page_slow_long_ms       BIGINT NOT NULL,
  ticket_quick_share      DOUBLE NOT NULL,
  ticket_quick_short_ms   BIGINT NOT NULL,
  ticket_quick_long_ms    BIGINT NOT NULL,
  ticket_slow_share       DOUBLE NOT NULL,
  ticket_slow_short_ms    BIGINT NOT NULL,
  ticket_slow_long_ms     BIGINT NOT NULL,
  source_file             VARCHAR
);
