-- Raw GPU readings keyed by numbers instead of names: the unit (gpu_units) and the signal (gpu_signals). An import
-- of a 10,000-GPU scrape writes 100,000 readings; the UUID and signal name repeated on each of them made its insert,
-- commit and checkpoint about three times slower than integers do. gpu_sample_rows shows them with their names.

CREATE SEQUENCE gpu_unit_id_seq;

-- A GPU (gpu_instance '') or a MIG instance, numbered once when its first readings are written.
CREATE TABLE gpu_units (
  unit_id        INTEGER NOT NULL DEFAULT nextval('gpu_unit_id_seq'),
  gpu_uuid       VARCHAR NOT NULL,
  gpu_instance   VARCHAR NOT NULL,
  PRIMARY KEY (gpu_uuid, gpu_instance)
);

-- The rollup's signals (collector/gpu/signals.ts, GPU_SIGNALS, in this order). A number, once written, never
-- changes meaning: a new signal takes the next one.
CREATE TABLE gpu_signals (
  signal         UTINYINT PRIMARY KEY,
  metric         VARCHAR NOT NULL UNIQUE
);
INSERT INTO gpu_signals VALUES
  (0, 'prof_gr_engine'), (1, 'dev_gpu_util'), (2, 'smi_util'), (3, 'enc_util'), (4, 'dec_util'),
  (5, 'sm_active'), (6, 'dram_active'), (7, 'fb_used_mib'), (8, 'power_w'), (9, 'energy_mj');

CREATE TABLE gpu_samples_by_number (
  unit_id        INTEGER NOT NULL,
  ts             TIMESTAMPTZ NOT NULL,
  signal         UTINYINT NOT NULL,
  value          DOUBLE,                     -- NULL for a dropped sentinel / non-numeric value
  source         VARCHAR NOT NULL
);

INSERT INTO gpu_units (gpu_uuid, gpu_instance) SELECT DISTINCT gpu_uuid, gpu_instance FROM gpu_samples ORDER BY ALL;
INSERT INTO gpu_samples_by_number
  SELECT u.unit_id, s.ts, g.signal, s.value, s.source
  FROM gpu_samples s JOIN gpu_units u USING (gpu_uuid, gpu_instance) JOIN gpu_signals g USING (metric);
DROP TABLE gpu_samples;
ALTER TABLE gpu_samples_by_number RENAME TO gpu_samples;

CREATE VIEW gpu_sample_rows AS
  SELECT u.gpu_uuid, u.gpu_instance, s.ts, g.metric, s.value, s.source
  FROM gpu_samples s JOIN gpu_units u USING (unit_id) JOIN gpu_signals g USING (signal);
