/**
 * `pulse import prom FILE…`: Prometheus text 0.0.4 / OpenMetrics files (a single scrape, or a time series with
 * timestamps such as `promtool tsdb create-blocks-from openmetrics` reads). dcgm-exporter series fill the GPU
 * tables, the rest the generic series tables. Ctrl-C stops cleanly: the file being read is rolled back, files
 * done before it stay imported (a rerun skips them by their sha256).
 * The work lives in import-prom-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { ImportPromOptions } from './import-prom-action.ts';

export function registerImportProm(parent: Command): void {
  parent
    .command('prom')
    .description('import Prometheus / OpenMetrics exposition files: dcgm-exporter series into the GPU tables, the rest as generic series')
    .argument('<files...>', 'exposition files (a scrape, or OpenMetrics samples with timestamps)')
    .option('--at <time>', 'timestamp of samples that carry none (ISO 8601; default: the file modification time)')
    .option('--format <format>', 'auto, prometheus (text 0.0.4) or openmetrics', 'auto')
    .option('--cluster <name>', 'cluster of series without a cluster label (default: gpu.collect.cluster)')
    .option('--node <name>', 'node of series that name none (no node, Hostname or instance label)')
    .option('--scrape-interval <duration>', 'scrape interval for the gap rule (default: what the timestamps show, else gpu.collect.scrape_interval)')
    .option('--force', 'import files again even when an identical file was imported before')
    .action(async (files: string[], options: ImportPromOptions, command: Command) => {
      const { importPromAction } = await import('./import-prom-action.ts');
      await importPromAction(files, options, command);
    });
}
