/**
 * `pulse import focus FILE…`: FOCUS 1.0–1.2 cost exports (CSV, CSV.gz or Parquet).
 * The work lives in import-focus-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { FocusCliOptions } from './import-focus-action.ts';

export function registerImportFocus(parent: Command): void {
  parent
    .command('focus')
    .description('import FOCUS 1.0–1.2 cost exports; the files of one command are one export and replace earlier imports of the same billing periods')
    .argument('<files...>', 'FOCUS CSV (.csv, .csv.gz) or Parquet files; give every part of a multi-part export together')
    .option('--currency <code>', 'BillingCurrency for files without that column (e.g. USD)')
    .option('--provider <name>', 'ProviderName for files without that column')
    .action(async (files: string[], options: FocusCliOptions, command: Command) => {
      const { importFocusAction } = await import('./import-focus-action.ts');
      await importFocusAction(files, options, command);
    });
}
