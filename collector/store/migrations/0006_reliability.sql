-- Reliability: SLOs from spec files, their 5-minute bad/total buckets, Alertmanager episodes and acks.
CREATE TABLE slos (
  slo_id        VARCHAR PRIMARY KEY,             -- service/name
  service       VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  objective     DOUBLE NOT NULL,                 -- 0..1, e.g. 0.999
  period        VARCHAR NOT NULL,                -- rolling:30d | calendar:month | calendar:quarter
  period_tz     VARCHAR NOT NULL DEFAULT 'UTC',
  spec_format   VARCHAR NOT NULL,                -- sloth | openslo | demo
  source        VARCHAR NOT NULL,
  spec          JSON NOT NULL,
  source_file   VARCHAR
);

CREATE TABLE slo_buckets (
  slo_id        VARCHAR NOT NULL,
  bucket_start  TIMESTAMPTZ NOT NULL,            -- 5-minute bucket (bucket_start, bucket_start + 5m]
  bad           DOUBLE NOT NULL,
  total         DOUBLE NOT NULL,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (slo_id, bucket_start)
);

CREATE TABLE alert_episodes (
  fingerprint   VARCHAR NOT NULL,
  starts_at     TIMESTAMPTZ NOT NULL,
  ends_at       TIMESTAMPTZ,                      -- NULL while firing
  alertname     VARCHAR NOT NULL,
  receiver      VARCHAR,
  severity      VARCHAR,
  labels        JSON NOT NULL,
  group_key     VARCHAR,
  notifications INTEGER NOT NULL DEFAULT 0,       -- webhook deliveries that carried it
  last_notified_at TIMESTAMPTZ,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (fingerprint, starts_at)
);

CREATE TABLE alert_acks (
  fingerprint   VARCHAR NOT NULL,
  starts_at     TIMESTAMPTZ NOT NULL,
  acked_at      TIMESTAMPTZ NOT NULL,
  acked_by      VARCHAR,
  automated     BOOLEAN NOT NULL DEFAULT false,
  actionable    BOOLEAN,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (fingerprint, starts_at, acked_at)
);
