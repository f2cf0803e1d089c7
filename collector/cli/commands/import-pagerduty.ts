/** `pulse import pagerduty FILE…`: PagerDuty incidents exports (JSON or CSV) as alert acknowledgements. */
import type { Command } from 'commander';
import { importPagerDutyFile } from '../../sources/pagerduty/import.ts';
import { importFiles } from '../import-files.ts';

export function registerImportPagerDuty(parent: Command): void {
  parent
    .command('pagerduty')
    .description('import a PagerDuty incidents export (REST API JSON or CSV): acknowledgements and resolutions by people, joined to Alertmanager alerts by dedup key')
    .argument('<files...>', 'JSON or CSV files')
    .action((files: string[], _options: unknown, command: Command) =>
      importFiles(command, files, async (store, file) => {
        const s = await importPagerDutyFile(store, file);
        for (const e of s.errors) process.stderr.write(`${file}:${e.row}: ${e.reason}\n`);
        const unmatched = s.unmatched > 0 ? ` (${s.unmatched} match no Alertmanager group: are their webhooks stored?)` : '';
        process.stdout.write(`${file}: ${s.incidents} incidents${unmatched}; ${s.acks} acknowledgements\n`);
        return s.errors.length;
      }),
    );
}
