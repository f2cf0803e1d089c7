/**
 * `pulse import usage FILE.csv…`: inference requests per service and window (window_start, window_end, service, requests).
 * The work lives in import-usage-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { ImportUsageOptions } from './import-usage-action.ts';

export function registerImportUsage(parent: Command): void {
  parent
    .command('usage')
    .description('import inference request counts per model service and window (CSV: window_start, window_end, service, requests)')
    .argument('<files...>', 'CSV files')
    .option('--tz <zone>', 'IANA zone of timestamps without an offset (default: the configured timezone)')
    .action(async (files: string[], options: ImportUsageOptions, command: Command) => {
      const { importUsageAction } = await import('./import-usage-action.ts');
      await importUsageAction(files, options, command);
    });
}
