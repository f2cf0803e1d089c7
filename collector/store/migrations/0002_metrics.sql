-- Generic Prometheus metrics: one row per series (label set), samples keyed by series and timestamp.
CREATE SEQUENCE series_id_seq;
CREATE TABLE series (
  series_id   BIGINT PRIMARY KEY DEFAULT nextval('series_id_seq'),
  name        VARCHAR NOT NULL,
  labels      JSON NOT NULL,                  -- {"job":"…","instance":"…"} without __name__
  labels_key  VARCHAR NOT NULL UNIQUE         -- canonical name{sorted labels}: the natural key
);

-- No index on (series_id, ts): writers replace their window per series, which keeps re-imports idempotent
-- without the memory cost of an index on the largest table.
CREATE TABLE samples (
  series_id   BIGINT NOT NULL,
  ts          TIMESTAMPTZ NOT NULL,
  value       DOUBLE NOT NULL
);

CREATE TABLE scrape_targets (
  target      VARCHAR PRIMARY KEY,            -- URL
  job         VARCHAR NOT NULL,
  labels      JSON NOT NULL,
  last_scrape_at TIMESTAMPTZ,
  up          BOOLEAN,
  last_error  VARCHAR,
  last_duration_s DOUBLE
);
