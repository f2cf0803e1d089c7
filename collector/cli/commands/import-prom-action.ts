/** What `pulse import prom` does (import-prom.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { PromImportSummary } from '../../sources/prometheus/import-file.ts';
import { importPromFile } from '../../sources/prometheus/import-file.ts';
import { parsePromDuration } from '../../sources/prometheus/prom-duration.ts';
import type { LineError } from '../../sources/prometheus/resilient-parser.ts';
import { openStore } from '../../store/db.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { progressBar } from '../progress.ts';
import { groupThousands } from '../format.ts';

/** At most this many bad lines are printed per file; the summary says how many there were. */
const SHOWN_ERRORS = 50;

export interface ImportPromOptions {
  at?: string;
  format: string;
  cluster?: string;
  node?: string;
  scrapeInterval?: string;
  force?: boolean;
}

export async function importPromAction(files: string[], options: ImportPromOptions, command: Command): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const at = options.at === undefined ? undefined : Date.parse(options.at);
  if (at !== undefined && !Number.isFinite(at)) throw new UsageError(`--at: expected an ISO 8601 timestamp, got "${options.at}"`);
  if (!['auto', 'prometheus', 'openmetrics'].includes(options.format)) throw new UsageError(`--format: expected auto, prometheus or openmetrics, got "${options.format}"`);
  const interval = options.scrapeInterval === undefined ? undefined : parsePromDuration(options.scrapeInterval);
  if (interval === 0 || (options.scrapeInterval !== undefined && interval === undefined)) {
    throw new UsageError(`--scrape-interval: expected a duration such as 15s or 1m, got "${options.scrapeInterval}"`);
  }
  const { db, config } = await globalOptions(command);
  const collect = config.gpu.collect;
  // Not awaited here: the first file is read while the store opens (a new one runs its migrations meanwhile).
  const store = openStore(db);
  store.catch(() => undefined); // the import that needs it reports the failure
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  let failed = false;
  try {
    for (const file of files) {
      if (abort.signal.aborted) break;
      const bar = progressBar(`import ${file} (MB)`);
      const errors: LineError[] = [];
      const started = Date.now();
      const summary = await importPromFile(store, file, {
        ...(at === undefined ? {} : { at }),
        ...(options.format === 'auto' ? {} : { format: options.format as 'prometheus' | 'openmetrics' }),
        ...(interval === undefined ? {} : { scrapeIntervalMs: interval }),
        identity: { clusterLabel: collect.cluster_label, defaultCluster: options.cluster ?? collect.cluster, ...(options.node === undefined ? {} : { defaultNode: options.node }) },
        defaultIntervalMs: collect.scrape_interval,
        timeSlicingReplicas: collect.time_slicing_replicas,
        rawRetentionMs: collect.raw_retention,
        force: options.force === true,
        signal: abort.signal,
        onProgress: (bytes, total, samples) => bar.update(Math.round(bytes / 1e6), Math.max(1, Math.round(total / 1e6)), samples),
        onLineError: (error) => {
          if (errors.length < SHOWN_ERRORS) errors.push(error);
        },
      });
      bar.finish(describe(summary, Date.now() - started));
      for (const e of errors) process.stderr.write(`${file}:${e.line}:${e.column}: ${e.reason}\n`);
      if (summary.lineErrors > errors.length) process.stderr.write(`${file}: … and ${summary.lineErrors - errors.length} more bad lines\n`);
      if (summary.lineErrors > 0) failed = true;
      if (summary.status === 'interrupted') process.exitCode = 130;
    }
  } finally {
    process.off('SIGINT', onSigint);
    (await store.catch(() => undefined))?.close();
  }
  if (failed && process.exitCode === undefined) process.exitCode = 1;
}

function describe(s: PromImportSummary, ms: number): string {
  if (s.status === 'unchanged') return `${s.file}: already imported (same sha256); --force imports it again`;
  if (s.status === 'interrupted') return `${s.file}: interrupted after ${groupThousands(s.samples)} samples; nothing of this file was kept`;
  const kind = s.timeSeries ? 'OpenMetrics time series' : s.format === 'openmetrics' ? 'OpenMetrics scrape' : 'Prometheus text scrape';
  const parts = [
    `${s.file}: ${kind}, ${groupThousands(s.lines)} lines, ${groupThousands(s.samples)} samples in ${(ms / 1000).toFixed(1)}s`,
    `GPU: ${s.gpuUnits} GPUs / MIG instances, ${groupThousands(s.dcgm.readings)} readings (${s.badReadings} bad: sentinel or non-numeric), ${s.minuteRows} minute rows, ${s.allocationRows} allocations`,
  ];
  if (s.dcgm.unidentified > 0) parts.push(`${s.dcgm.unidentified} dcgm samples without a GPU UUID skipped`);
  if (s.seriesSamples > 0) parts.push(`${groupThousands(s.seriesSamples)} samples of other series`);
  if (s.intervalMs !== null) parts.push(`gap rule: scrape interval ${s.intervalMs / 1000}s`);
  if (s.lineErrors > 0) parts.push(`${s.lineErrors} bad lines skipped`);
  return parts.join('; ');
}
