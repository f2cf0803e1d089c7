/**
 * `pulse import nvidia-smi FILE…`: saved `nvidia-smi -q -x` XML or `--query-gpu … --format=csv` output (with or
 * without header and units) into the GPU tables. Which one a file holds is detected; CSV timestamps are the
 * host's local time, read in `--tz` (default: the configured timezone).
 * The work lives in import-nvidia-smi-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { ImportNvidiaSmiOptions } from './import-nvidia-smi-action.ts';

export function registerImportNvidiaSmi(parent: Command): void {
  parent
    .command('nvidia-smi')
    .description('import nvidia-smi output: `nvidia-smi -q -x` XML or `--query-gpu=… --format=csv` (detected)')
    .argument('<files...>', 'saved nvidia-smi output')
    .option('--tz <zone>', 'IANA time zone of the host that printed the timestamps (default: timezone in pulse.yaml)')
    .option('--node <name>', 'the host the output comes from (default: the file name without extension)')
    .option('--cluster <name>', 'cluster of the host (default: gpu.collect.cluster)')
    .option('--at <time>', 'time of readings without a timestamp (ISO 8601; default: the file modification time)')
    .option('--fields <list>', 'the --query-gpu field list of CSV printed with noheader, comma-separated')
    .option('--force', 'import files again even when an identical file was imported before')
    .action(async (files: string[], options: ImportNvidiaSmiOptions, command: Command) => {
      const { importNvidiaSmiAction } = await import('./import-nvidia-smi-action.ts');
      await importNvidiaSmiAction(files, options, command);
    });
}
