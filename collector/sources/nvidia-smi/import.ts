/**
 * `pulse import nvidia-smi FILE`: a saved `nvidia-smi -q -x` document or `--query-gpu … --format=csv` output
 * (one snapshot, or a log of many from `-l`) into the GPU tables. Readings replace the file's span per unit and
 * signal, so re-imports never duplicate; a file whose sha256 an earlier successful import recorded is skipped.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { estimateIntervalMs, GpuBatch } from '../../gpu/batch.ts';
import { writeGpuBatch } from '../../gpu/store.ts';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { NvidiaSmiFormat } from './ingest.ts';
import { addReadings, nvidiaSmiReadings } from './ingest.ts';

export const NVIDIA_SMI_FILE_SOURCE = 'nvidia-smi-file';

export interface NvidiaSmiImportOptions {
  readonly timeZone: string;
  readonly node: string;
  readonly cluster: string;
  /** Epoch ms for readings without a time; default the file's modification time. */
  readonly at?: number;
  readonly fields?: readonly string[];
  readonly defaultIntervalMs: number;
  readonly rawRetentionMs: number | null;
  readonly force?: boolean;
}

export interface NvidiaSmiImportSummary {
  readonly file: string;
  readonly status: 'imported' | 'unchanged';
  readonly format: NvidiaSmiFormat;
  readonly readings: number;
  readonly units: number;
  readonly minuteRows: number;
}

export async function importNvidiaSmiFile(store: Store, file: string, options: NvidiaSmiImportOptions): Promise<NvidiaSmiImportSummary> {
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  const { format, readings } = nvidiaSmiReadings(text, { timeZone: options.timeZone, ...(options.fields === undefined ? {} : { fields: options.fields }) });
  const done = await store.connection.runAndReadAll("SELECT 1 FROM ingest_runs WHERE source = $1 AND input_sha256 = $2 AND status = 'ok' LIMIT 1", [NVIDIA_SMI_FILE_SOURCE, sha256]);
  if (!options.force && done.getRowObjectsJS().length > 0) return { file, status: 'unchanged', format, readings: 0, units: 0, minuteRows: 0 };

  const batch = new GpuBatch('nvidia-smi', false);
  const atMs = options.at ?? Math.round((await stat(file)).mtimeMs);
  const count = addReadings(batch, readings, { timeZone: options.timeZone, atMs, node: options.node, cluster: options.cluster });
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: NVIDIA_SMI_FILE_SOURCE, kind: 'gpu', inputSha256: sha256 });
  try {
    const intervalMs = estimateIntervalMs(batch) ?? options.defaultIntervalMs;
    const written = await writer.transaction(() =>
      writeGpuBatch(store.connection, writer, batch, { lookbackMs: 2 * intervalMs, timeSlicingReplicas: null, rawRetentionMs: options.rawRetentionMs }),
    );
    await writer.finishRun(runId, { status: 'ok', rows: written.minuteRows });
    return { file, status: 'imported', format, readings: count, units: written.units, minuteRows: written.minuteRows };
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: 0, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
