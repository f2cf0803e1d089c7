/**
 * `pulse import pagerduty FILE…`: PagerDuty incidents exports (JSON or CSV) as alert acknowledgements.
 * The work lives in import-pagerduty-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';

export function registerImportPagerDuty(parent: Command): void {
  parent
    .command('pagerduty')
    .description('import a PagerDuty incidents export (REST API JSON or CSV): acknowledgements and resolutions by people, joined to Alertmanager alerts by dedup key')
    .argument('<files...>', 'JSON or CSV files')
    .action(async (files: string[], _options: unknown, command: Command) => {
      const { importPagerDutyAction } = await import('./import-pagerduty-action.ts');
      await importPagerDutyAction(files, command);
    });
}
