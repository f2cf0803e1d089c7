-- Delivery, second step: resumable connector state, derived deployment kinds, incident-fixing changes and the
-- DORA performance bands as versioned data.

-- One row per (source, scope, resource): where a backfill stands, so an interrupted sync resumes and an
-- unchanged resource costs one conditional request. `state` is the connector's own JSON (high-water marks,
-- deployments still waiting for a final status); `etag` is the ETag of the resource's first page.
CREATE TABLE sync_cursors (
  source        VARCHAR NOT NULL,               -- github | gitlab
  scope         VARCHAR NOT NULL,               -- owner/name (GitHub) or project path (GitLab)
  resource      VARCHAR NOT NULL,               -- deployments | workflow_runs | pull_requests | pipelines | …
  state         JSON NOT NULL,
  etag          VARCHAR,
  updated_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source, scope, resource)
);

-- true when Pulse derived the kind (a redeploy of an earlier commit is a rollback) rather than the source
-- stating it; derived kinds are recomputed whenever the service's deployments change. NULL (rows written
-- before this column, or by writers that do not set it) reads as stated.
ALTER TABLE deployments ADD COLUMN kind_derived BOOLEAN DEFAULT false;

-- The incident a change fixes (generic events `changes[].incident`, or an `Incident: <id>` commit trailer):
-- a deployment carrying such a change is unplanned work (deployment rework rate).
ALTER TABLE commits ADD COLUMN incident_id VARCHAR;

-- DORA performance bands (METRICS.md, Delivery): per report version and metric, the band whose bounds hold
-- the raw value; the best rank (1 = elite) that holds wins. Bounds: lower inclusive, upper exclusive unless
-- upper_inclusive. The reports describe clusters, not thresholds: where a cluster's stated value is no better
-- than a better-ranked one (2023 low deployment frequency and lead time, 2024 medium change failure rate and
-- recovery time) that band is never reached by its own bounds, and `low` is the catch-all.
--   deployment_frequency: deployments per week      lead_time: median seconds
--   change_failure_rate:  ratio                     recovery_time: median seconds (failed deployment recovery)
CREATE TABLE dora_bands (
  version         VARCHAR NOT NULL,
  metric          VARCHAR NOT NULL,
  band            VARCHAR NOT NULL,             -- elite | high | medium | low
  rank            INTEGER NOT NULL,
  lower_bound     DOUBLE,
  upper_bound     DOUBLE,
  upper_inclusive BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (version, metric, band)
);

INSERT INTO dora_bands VALUES
  -- State of DevOps 2023: elite on demand / < 1 day / 5 % / < 1 hour; high daily-weekly / 1 day-1 week /
  -- 10 % / < 1 day; medium weekly-monthly / 1 week-1 month / 15 % / 1 day-1 week; low weekly-monthly /
  -- 1 week-1 month / 64 % / 1-6 months.
  ('2023', 'deployment_frequency', 'elite',  1, 7,        NULL,      false),
  ('2023', 'deployment_frequency', 'high',   2, 1,        NULL,      false),
  ('2023', 'deployment_frequency', 'medium', 3, 0.230769, NULL,      false),
  ('2023', 'deployment_frequency', 'low',    4, NULL,     NULL,      false),
  ('2023', 'lead_time',            'elite',  1, NULL,     86400,     false),
  ('2023', 'lead_time',            'high',   2, NULL,     604800,    false),
  ('2023', 'lead_time',            'medium', 3, NULL,     2592000,   false),
  ('2023', 'lead_time',            'low',    4, NULL,     NULL,      false),
  ('2023', 'change_failure_rate',  'elite',  1, NULL,     0.05,      true),
  ('2023', 'change_failure_rate',  'high',   2, NULL,     0.10,      true),
  ('2023', 'change_failure_rate',  'medium', 3, NULL,     0.15,      true),
  ('2023', 'change_failure_rate',  'low',    4, NULL,     NULL,      false),
  ('2023', 'recovery_time',        'elite',  1, NULL,     3600,      false),
  ('2023', 'recovery_time',        'high',   2, NULL,     86400,     false),
  ('2023', 'recovery_time',        'medium', 3, NULL,     604800,    true),
  ('2023', 'recovery_time',        'low',    4, NULL,     NULL,      false),
  -- Accelerate State of DevOps 2024: elite on demand / < 1 day / 5 % / < 1 hour; high daily-weekly /
  -- 1 day-1 week / 20 % / < 1 day; medium weekly-monthly / 1 week-1 month / 10 % / < 1 day; low monthly to
  -- every six months / 1-6 months / 40 % / 1 week-1 month.
  ('2024', 'deployment_frequency', 'elite',  1, 7,        NULL,      false),
  ('2024', 'deployment_frequency', 'high',   2, 1,        NULL,      false),
  ('2024', 'deployment_frequency', 'medium', 3, 0.230769, NULL,      false),
  ('2024', 'deployment_frequency', 'low',    4, NULL,     NULL,      false),
  ('2024', 'lead_time',            'elite',  1, NULL,     86400,     false),
  ('2024', 'lead_time',            'high',   2, NULL,     604800,    false),
  ('2024', 'lead_time',            'medium', 3, NULL,     2592000,   false),
  ('2024', 'lead_time',            'low',    4, NULL,     NULL,      false),
  ('2024', 'change_failure_rate',  'elite',  1, NULL,     0.05,      true),
  ('2024', 'change_failure_rate',  'high',   2, NULL,     0.20,      true),
  ('2024', 'change_failure_rate',  'medium', 3, NULL,     0.10,      true),
  ('2024', 'change_failure_rate',  'low',    4, NULL,     NULL,      false),
  ('2024', 'recovery_time',        'elite',  1, NULL,     3600,      false),
  ('2024', 'recovery_time',        'high',   2, NULL,     86400,     false),
  ('2024', 'recovery_time',        'medium', 3, NULL,     86400,     false),
  ('2024', 'recovery_time',        'low',    4, NULL,     NULL,      false);
