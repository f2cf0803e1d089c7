-- Progress of `pulse collect --backfill`: one row per finished chunk of a backfill job, written in the same
-- transaction as the chunk's rows, so a rerun of the same job skips what is done and continues where it stopped.
-- job_key identifies the job: the API URL, the window, the rollup settings and the query set (a change of any of
-- them is another job). Chunks are half-open minute ranges [chunk_start, chunk_end).
CREATE TABLE gpu_backfill_chunks (
  job_key      VARCHAR NOT NULL,
  chunk_start  TIMESTAMPTZ NOT NULL,
  chunk_end    TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ NOT NULL,
  requests     INTEGER NOT NULL,           -- API requests the chunk took (queries and raw re-reads)
  minute_rows  BIGINT NOT NULL,            -- gpu_minute rows written
  PRIMARY KEY (job_key, chunk_start)
);
