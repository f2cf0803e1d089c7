-- Core bookkeeping: every ingest writes one ingest_runs row; teams and ownership rules come from config.
CREATE TABLE ingest_runs (
  run_id        VARCHAR PRIMARY KEY,          -- random UUID
  source        VARCHAR NOT NULL,             -- 'demo', 'prometheus', 'focus', 'github', …
  kind          VARCHAR NOT NULL,             -- what was ingested ('gpu', 'cost', 'delivery', …)
  window_start  TIMESTAMPTZ,                  -- the source window this run replaces or covers
  window_end    TIMESTAMPTZ,
  input_sha256  VARCHAR,                      -- file imports: the file's digest (idempotency key)
  started_at    TIMESTAMPTZ NOT NULL,
  finished_at   TIMESTAMPTZ,
  rows_written  BIGINT NOT NULL DEFAULT 0,
  api_requests  INTEGER NOT NULL DEFAULT 0,
  status        VARCHAR NOT NULL,             -- running | ok | failed | interrupted
  error         VARCHAR
);

CREATE TABLE teams (
  team          VARCHAR PRIMARY KEY,
  display_name  VARCHAR NOT NULL
);

-- First match by priority wins: namespace / label / tag / repo path → team (and optionally service).
CREATE TABLE ownership_rules (
  priority      INTEGER NOT NULL,
  match_kind    VARCHAR NOT NULL,             -- namespace | label | tag | repo_path
  match_key     VARCHAR NOT NULL DEFAULT '',  -- label or tag key; '' for namespace and repo_path
  match_value   VARCHAR NOT NULL,             -- exact value (repo_path: a glob)
  team          VARCHAR NOT NULL,
  service       VARCHAR,
  PRIMARY KEY (match_kind, match_key, match_value)
);
