-- GPU telemetry. The unit of observation is one GPU or one MIG instance (gpu_uuid + gpu_instance; '' = the
-- whole GPU). Minute states (busy / idle / suspect / unobserved) are derived by queries from these columns so
-- thresholds stay configurable.

-- Per-model facts used by the idle test (idle power baseline) and as defaults when telemetry lacks them.
CREATE TABLE gpu_models (
  model           VARCHAR PRIMARY KEY,
  memory_mib      DOUBLE,
  power_limit_w   DOUBLE,
  idle_power_w    DOUBLE,
  source          VARCHAR NOT NULL
);

CREATE TABLE gpus (
  gpu_uuid       VARCHAR PRIMARY KEY,
  cluster        VARCHAR NOT NULL,
  node           VARCHAR NOT NULL,
  gpu_index      INTEGER,
  model          VARCHAR NOT NULL,
  memory_mib     DOUBLE,
  power_limit_w  DOUBLE,
  pci_bus_id     VARCHAR,
  first_seen     TIMESTAMPTZ NOT NULL,       -- start of observation: minutes before it are not expected
  retired_at     TIMESTAMPTZ                 -- NULL while in service
);

-- MIG instances of a partitioned GPU; share = slices / total slices, the fraction of the GPU it represents.
CREATE TABLE gpu_instances (
  gpu_uuid       VARCHAR NOT NULL,
  gpu_instance   VARCHAR NOT NULL,           -- GPU_I_ID
  profile        VARCHAR NOT NULL,           -- e.g. 3g.40gb
  share          DOUBLE NOT NULL,
  memory_mib     DOUBLE,
  PRIMARY KEY (gpu_uuid, gpu_instance)
);

-- Raw samples, short retention: what the minute rollup was built from.
CREATE TABLE gpu_samples (
  gpu_uuid       VARCHAR NOT NULL,
  gpu_instance   VARCHAR NOT NULL,
  ts             TIMESTAMPTZ NOT NULL,
  metric         VARCHAR NOT NULL,
  value          DOUBLE,                     -- NULL for a dropped sentinel / non-numeric value
  source         VARCHAR NOT NULL
);

-- 1-minute rollup. activity = max over the minute of the primary activity signal (0..1), already max'ed with
-- encoder/decoder utilization; activity_source says which signal it came from.
CREATE TABLE gpu_minute (
  gpu_uuid        VARCHAR NOT NULL,
  gpu_instance    VARCHAR NOT NULL,
  minute          TIMESTAMPTZ NOT NULL,
  activity        DOUBLE,
  activity_source VARCHAR,                   -- prof_gr_engine | dev_gpu_util | smi_util
  prof_activity   DOUBLE,                    -- DCGM_FI_PROF_GR_ENGINE_ACTIVE max, NULL when absent
  gpu_util        DOUBLE,                    -- DCGM_FI_DEV_GPU_UTIL / nvidia-smi utilization.gpu max, 0..1
  sm_active       DOUBLE,                    -- DCGM_FI_PROF_SM_ACTIVE mean (efficiency)
  dram_active     DOUBLE,                    -- DCGM_FI_PROF_DRAM_ACTIVE max
  mem_used_mib    DOUBLE,                    -- max
  power_w         DOUBLE,                    -- mean; NULL on MIG instances (power belongs to the parent)
  energy_j        DOUBLE,                    -- energy counter increase over the minute
  samples         INTEGER NOT NULL,          -- numeric samples that went into the minute
  bad_samples     INTEGER NOT NULL DEFAULT 0, -- sentinel / non-numeric values dropped (quality flag)
  source          VARCHAR NOT NULL
);

-- Who held which GPU when. share: 1, or 1/replicas under time-slicing (MIG shares live in gpu_instances).
CREATE TABLE gpu_allocations (
  gpu_uuid       VARCHAR NOT NULL,
  gpu_instance   VARCHAR NOT NULL,
  namespace      VARCHAR NOT NULL,
  pod            VARCHAR NOT NULL,
  container      VARCHAR,
  pod_gpus       INTEGER NOT NULL DEFAULT 1,  -- GPUs the pod holds in all (multi-GPU pods: partial idleness)
  share          DOUBLE NOT NULL DEFAULT 1,
  start_at       TIMESTAMPTZ NOT NULL,
  end_at         TIMESTAMPTZ,                 -- NULL while the pod still holds it
  source         VARCHAR NOT NULL,
  PRIMARY KEY (gpu_uuid, gpu_instance, namespace, pod, start_at)
);

-- Idle baselines from the repository's GPU fixtures (nvidia-smi captures and dcgm scrapes of idle GPUs,
-- shared/fixtures/gpu) and vendor datasheets for memory and board power limits.
INSERT INTO gpu_models VALUES
  ('NVIDIA H100 80GB HBM3', 81559, 700, 70, 'idle: nvidia-smi capture H100 590.48.01 (69.85 W); limit: datasheet'),
  ('NVIDIA H200',           143771, 700, 78, 'idle: nvidia-smi capture H200 590.48.01 (77.71 W); limit: datasheet'),
  ('NVIDIA A100-SXM4-80GB', 81920, 400, 55, 'datasheet; idle typical of A100 SXM'),
  ('NVIDIA L4',             23034, 72, 16.4, 'idle: dcgm-exporter scrape L4 580.105.08 (16.4 W); limit: datasheet'),
  ('NVIDIA L40S',           46068, 350, 35, 'datasheet; idle typical of L40S');
