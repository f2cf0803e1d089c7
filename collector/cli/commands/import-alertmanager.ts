/**
 * `pulse import alertmanager FILE.ndjson…`: Alertmanager webhook payloads, one per line.
 * The work lives in import-alertmanager-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';

export function registerImportAlertmanager(parent: Command): void {
  parent
    .command('alertmanager')
    .description('import Alertmanager webhook payloads (version 4), one JSON payload per line as a receiver logged them')
    .argument('<files...>', 'NDJSON files')
    .action(async (files: string[], _options: unknown, command: Command) => {
      const { importAlertmanagerAction } = await import('./import-alertmanager-action.ts');
      await importAlertmanagerAction(files, command);
    });
}
