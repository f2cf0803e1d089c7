-- Delivery: raw events are append-only and idempotent by (source, delivery_id); the other tables are their
-- normalization.
CREATE TABLE raw_events (
  source        VARCHAR NOT NULL,               -- github | gitlab | events | alertmanager | demo
  delivery_id   VARCHAR NOT NULL,
  event_type    VARCHAR NOT NULL,
  received_at   TIMESTAMPTZ NOT NULL,
  body_sha256   VARCHAR NOT NULL,
  body          JSON NOT NULL,
  PRIMARY KEY (source, delivery_id)
);

CREATE TABLE services (
  service       VARCHAR PRIMARY KEY,
  team          VARCHAR,
  repository    VARCHAR,
  path_globs    VARCHAR[],
  kind          VARCHAR                          -- model-serving | training | web | …
);

CREATE TABLE deployments (
  deployment_id VARCHAR PRIMARY KEY,
  service       VARCHAR NOT NULL,
  environment   VARCHAR NOT NULL,
  status        VARCHAR NOT NULL,                -- success | failure | error
  kind          VARCHAR NOT NULL DEFAULT 'normal', -- normal | rollback | hotfix | redeploy
  started_at    TIMESTAMPTZ,
  finished_at   TIMESTAMPTZ NOT NULL,
  commit_sha    VARCHAR,
  rollback_of   VARCHAR,
  source        VARCHAR NOT NULL
);

CREATE TABLE commits (
  sha           VARCHAR PRIMARY KEY,
  service       VARCHAR,
  authored_at   TIMESTAMPTZ NOT NULL,
  committed_at  TIMESTAMPTZ,
  author        VARCHAR,
  pr            VARCHAR,
  source        VARCHAR NOT NULL
);

CREATE TABLE deployment_changes (
  deployment_id VARCHAR NOT NULL,
  commit_sha    VARCHAR NOT NULL,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (deployment_id, commit_sha)
);

CREATE TABLE pull_requests (
  pr_id         VARCHAR PRIMARY KEY,             -- repo#number
  service       VARCHAR,
  created_at    TIMESTAMPTZ NOT NULL,
  merged_at     TIMESTAMPTZ,
  author        VARCHAR,
  is_bot        BOOLEAN NOT NULL DEFAULT false,
  is_revert     BOOLEAN NOT NULL DEFAULT false,
  merge_commit  VARCHAR,
  source        VARCHAR NOT NULL
);

CREATE TABLE pipeline_runs (
  run_id        VARCHAR NOT NULL,
  attempt       INTEGER NOT NULL,
  pipeline      VARCHAR NOT NULL,
  service       VARCHAR,
  status        VARCHAR NOT NULL,                -- success | failure | cancelled | skipped | running
  started_at    TIMESTAMPTZ,
  finished_at   TIMESTAMPTZ,
  commit_sha    VARCHAR,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (run_id, attempt)
);

CREATE TABLE incidents (
  incident_id     VARCHAR PRIMARY KEY,
  service         VARCHAR,
  severity        VARCHAR,
  created_at      TIMESTAMPTZ NOT NULL,
  acknowledged_at TIMESTAMPTZ,
  resolved_at     TIMESTAMPTZ,
  caused_by       VARCHAR,                         -- deployment id or commit sha, when the source names it
  source          VARCHAR NOT NULL
);

CREATE TABLE incident_deployment_links (
  incident_id   VARCHAR NOT NULL,
  deployment_id VARCHAR NOT NULL,
  method        VARCHAR NOT NULL,                -- explicit | rollback | window
  confidence    DOUBLE NOT NULL,
  source        VARCHAR NOT NULL,
  PRIMARY KEY (incident_id, deployment_id)
);
