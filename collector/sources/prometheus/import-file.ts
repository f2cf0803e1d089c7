/**
 * `pulse import prom FILE`: a Prometheus text 0.0.4 or OpenMetrics file (one scrape, or a time series with
 * timestamps) streamed into the store. dcgm-exporter series go to the GPU tables (gpus, gpu_samples, gpu_minute,
 * gpu_allocations); every other series goes to series / samples. Samples without a timestamp are taken at `at`
 * (default: the file's modification time). Anything imported replaces the file's time span per series, so
 * re-imports never duplicate; a file whose sha256 an earlier successful import recorded is not written again
 * (the digest is computed on a worker thread while the file is parsed, so a first import reads it once). The
 * whole file is one transaction: an interrupted import leaves the database as it was.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { GpuBatch, estimateIntervalMs } from '../../gpu/batch.ts';
import type { GpuWriteOptions } from '../../gpu/store.ts';
import { writeGpuBatch } from '../../gpu/store.ts';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { IdentityOptions } from '../dcgm/identity.ts';
import { isIgnoredDcgmField } from '../dcgm/fields.ts';
import type { DcgmReadCounts } from '../dcgm/reader.ts';
import { DcgmReader } from '../dcgm/reader.ts';
import type { ExpositionFormat, ExpositionSample, SampleLineView } from './exposition.ts';
import { BackgroundSha256 } from './background-sha256.ts';
import { ChunkDecoder, WholeLines } from './chunk-decoder.ts';
import { detectFileFormat } from './file-format.ts';
import type { LineError } from './resilient-parser.ts';
import { ResilientExpositionParser } from './resilient-parser.ts';
import { SeriesBatch, writeSeriesBatch } from './series-store.ts';

export const PROM_FILE_SOURCE = 'prom-file';
const CHUNK_BYTES = 1 << 20;
const PROBE_BYTES = 64 * 1024;
/** Readings or samples held before a batch is written (inside the file's transaction). */
const FLUSH_AT = 1_000_000;

export interface PromImportOptions {
  /** Epoch ms for samples without a timestamp; default the file's modification time. */
  readonly at?: number;
  readonly format?: ExpositionFormat;
  readonly identity: IdentityOptions;
  /** The scrape interval for the gap rule; default: what the file's timestamps show, else `defaultIntervalMs`. */
  readonly scrapeIntervalMs?: number;
  readonly defaultIntervalMs: number;
  readonly timeSlicingReplicas: number | null;
  readonly rawRetentionMs: number | null;
  /** Import even when the same file was imported before. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, bytesTotal: number, samples: number) => void;
  readonly onLineError?: (error: LineError) => void;
}

export interface PromImportSummary {
  readonly file: string;
  readonly status: 'imported' | 'unchanged' | 'interrupted';
  readonly format: ExpositionFormat;
  readonly timeSeries: boolean;
  readonly lines: number;
  readonly samples: number;
  readonly lineErrors: number;
  readonly dcgm: DcgmReadCounts;
  readonly badReadings: number;
  readonly gpuUnits: number;
  readonly minuteRows: number;
  readonly allocationRows: number;
  readonly seriesSamples: number;
  /** The scrape interval the gap rule used; null when no GPU readings were written. */
  readonly intervalMs: number | null;
}

export class ImportInterrupted extends Error {
  override readonly name = 'ImportInterrupted';
}

/** Thrown inside the transaction when the file turns out to be imported already: nothing is written. */
class AlreadyImported extends Error {
  override readonly name = 'AlreadyImported';
}

async function headAndTail(file: string, size: number): Promise<{ head: string; tail: string }> {
  const handle = await open(file, 'r');
  try {
    const read = async (position: number, length: number): Promise<string> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead).toString('utf8');
    };
    return { head: await read(0, Math.min(size, PROBE_BYTES)), tail: await read(Math.max(0, size - 64), Math.min(size, 64)) };
  } finally {
    await handle.close();
  }
}

async function alreadyImported(store: Store, sha256: string): Promise<boolean> {
  const reader = await store.connection.runAndReadAll("SELECT 1 FROM ingest_runs WHERE source = $1 AND input_sha256 = $2 AND status = 'ok' LIMIT 1", [PROM_FILE_SOURCE, sha256]);
  return reader.getRowObjectsJS().length > 0;
}

/** The store side of an import: the writer, inside the file's transaction, and the ingest run it records. */
interface Session {
  readonly store: Store;
  readonly writer: StoreWriter;
  readonly runId: string;
}

async function beginSession(store: Store | Promise<Store>): Promise<Session> {
  const ready = await store;
  const writer = new StoreWriter(ready.connection);
  const runId = await writer.startRun({ source: PROM_FILE_SOURCE, kind: 'metrics' });
  await writer.begin();
  return { store: ready, writer, runId };
}

/** Collects parsed samples into the GPU and generic batches and writes them when they grow large. */
class FileSink {
  gpu: GpuBatch;
  reader: DcgmReader;
  series = new SeriesBatch();
  samples = 0;
  badReadings = 0;
  gpuUnits = new Set<string>();
  minuteRows = 0;
  allocationRows = 0;
  seriesSamples = 0;
  intervalMs: number | null;
  readonly dcgm: DcgmReadCounts = { readings: 0, unidentified: 0, ignored: 0 };
  minTs = Number.POSITIVE_INFINITY;
  maxTs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly session: Promise<Session>,
    private readonly options: PromImportOptions,
    private readonly at: number,
  ) {
    this.gpu = new GpuBatch('dcgm', true);
    this.reader = new DcgmReader(this.gpu, options.identity);
    this.intervalMs = options.scrapeIntervalMs ?? null;
  }

  /** dcgm-exporter samples, read straight off the parser's line; false for other series. */
  readonly onLine = (line: SampleLineView): boolean => {
    const ts = line.timestampMs ?? this.at;
    if (!this.reader.add(line.name, line.labels, ts, line.value)) return false;
    this.counted(ts);
    return true;
  };

  /** A sample of another series. */
  readonly onSample = (sample: ExpositionSample): void => {
    const ts = sample.timestampMs ?? this.at;
    this.counted(ts);
    this.series.add(sample.seriesKey, sample.name, sample.labels, ts, sample.value);
  };

  /** A sample of a dcgm-exporter field the rollup ignores, which the parser did not build. */
  readonly onSkipped = (_name: string, timestampMs: number | null): void => {
    this.counted(timestampMs ?? this.at);
    this.reader.skipped();
  };

  private counted(ts: number): void {
    this.samples++;
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
  }

  get full(): boolean {
    return this.gpu.readingCount >= FLUSH_AT || this.series.sampleCount >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    const { store, writer } = await this.session;
    if (this.gpu.units.size > 0) {
      this.intervalMs ??= estimateIntervalMs(this.gpu) ?? this.options.defaultIntervalMs;
      const writeOptions: GpuWriteOptions = {
        lookbackMs: 2 * this.intervalMs,
        timeSlicingReplicas: this.options.timeSlicingReplicas,
        rawRetentionMs: this.options.rawRetentionMs,
      };
      const written = await writeGpuBatch(store.connection, writer, this.gpu, writeOptions);
      for (const key of this.gpu.units.keys()) this.gpuUnits.add(key);
      this.minuteRows += written.minuteRows;
      this.allocationRows += written.allocationRows;
      this.badReadings += this.gpu.badReadings;
    }
    this.accumulate(this.reader.counts);
    if (this.series.sampleCount > 0) this.seriesSamples += await writeSeriesBatch(store.connection, writer, this.series);
    this.gpu = new GpuBatch('dcgm', true);
    this.reader = new DcgmReader(this.gpu, this.options.identity);
    this.series = new SeriesBatch();
  }

  private accumulate(counts: DcgmReadCounts): void {
    this.dcgm.readings += counts.readings;
    this.dcgm.unidentified += counts.unidentified;
    this.dcgm.ignored += counts.ignored;
  }
}

/**
 * Imports one file. `store` may still be opening (a new database runs its migrations): the file is read and
 * parsed meanwhile, and the store is waited for when the first batch is written.
 */
export async function importPromFile(store: Store | Promise<Store>, file: string, options: PromImportOptions): Promise<PromImportSummary> {
  const info = await stat(file);
  const { head, tail } = await headAndTail(file, info.size);
  const { format, timeSeries } = detectFileFormat(head, tail, options.format);
  const empty = { file, format, timeSeries, lines: 0, samples: 0, lineErrors: 0, dcgm: { readings: 0, unidentified: 0, ignored: 0 }, badReadings: 0, gpuUnits: 0, minuteRows: 0, allocationRows: 0, seriesSamples: 0, intervalMs: null };

  const session = beginSession(store);
  // Awaited at the first write or after parsing; a store that cannot open stops the parse at the next chunk.
  let sessionFailed = false;
  session.catch(() => {
    sessionFailed = true;
  });
  const hash = new BackgroundSha256();
  let sha256 = '';
  const sink = new FileSink(session, options, options.at ?? Math.round(info.mtimeMs));
  let lineErrors = 0;
  let lines = 0;
  try {
    const parser = new ResilientExpositionParser(sink.onSample, { format, strict: false, timeSeries, skip: isIgnoredDcgmField, onSkipped: sink.onSkipped, onLine: sink.onLine }, (error) => {
      lineErrors++;
      options.onLineError?.(error);
    });
    const decoder = new ChunkDecoder();
    const wholeLines = new WholeLines();
    let bytes = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      if (options.signal?.aborted) throw new ImportInterrupted('interrupted');
      if (sessionFailed) await session; // throws why the store did not open
      const buffer = chunk as Buffer;
      bytes += buffer.length;
      for (const lines of wholeLines.take(buffer)) parser.write(decoder.write(lines));
      hash.update(buffer); // after the parser: the chunk moves to the hashing thread
      options.onProgress?.(bytes, info.size, sink.samples);
      if (sink.full) await sink.flush();
    }
    parser.write(decoder.write(wholeLines.end()) + decoder.end());
    lines = parser.end();
    if (options.signal?.aborted) throw new ImportInterrupted('interrupted');
    sha256 = await hash.hex();
    const { store: opened, writer } = await session;
    if (!options.force && (await alreadyImported(opened, sha256))) throw new AlreadyImported(sha256);
    await sink.flush();
    await writer.commit();
  } catch (error) {
    await hash.close();
    // Without a session (the store did not open) there is nothing to undo: its error is the one to report.
    const { writer, runId } = await session;
    await writer.rollback();
    if (error instanceof AlreadyImported) {
      await writer.execute('DELETE FROM ingest_runs WHERE run_id = $1', [runId]);
      return { ...empty, status: 'unchanged' };
    }
    const interrupted = error instanceof ImportInterrupted;
    await writer.execute("UPDATE ingest_runs SET status = $1, error = $2, finished_at = now() WHERE run_id = $3", [
      interrupted ? 'interrupted' : 'failed',
      interrupted ? 'interrupted by the user' : error instanceof Error ? error.message : String(error),
      runId,
    ]);
    if (interrupted) return { ...empty, status: 'interrupted', samples: sink.samples };
    throw error;
  }
  const { writer, runId } = await session;
  const rows = sink.minuteRows + sink.seriesSamples + sink.allocationRows;
  await writer.finishRun(runId, { status: 'ok', rows });
  await writer.execute('UPDATE ingest_runs SET input_sha256 = $1, window_start = to_timestamp($2 / 1000), window_end = to_timestamp($3 / 1000) WHERE run_id = $4', [
    sha256,
    sink.samples > 0 ? sink.minTs : null,
    sink.samples > 0 ? sink.maxTs : null,
    runId,
  ]);
  return {
    file,
    status: 'imported',
    format,
    timeSeries,
    lines,
    samples: sink.samples,
    lineErrors,
    dcgm: sink.dcgm,
    badReadings: sink.badReadings,
    gpuUnits: sink.gpuUnits.size,
    minuteRows: sink.minuteRows,
    allocationRows: sink.allocationRows,
    seriesSamples: sink.seriesSamples,
    intervalMs: sink.gpuUnits.size > 0 ? sink.intervalMs : null,
  };
}
