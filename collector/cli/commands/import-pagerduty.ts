/** `pulse import pagerduty FILE…`: PagerDuty incidents exports (JSON or CSV) as alert acknowledgements. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importPagerDutyFile } from '../../sources/pagerduty/import.ts';
import { globalOptions, UsageError } from '../context.ts';

export function registerImportPagerDuty(parent: Command): void {
  parent
    .command('pagerduty')
    .description('import a PagerDuty incidents export (REST API JSON or CSV): acknowledgements and resolutions by people, joined to Alertmanager alerts by dedup key')
    .argument('<files...>', 'JSON or CSV files')
    .action(async (files: string[], _options: unknown, command: Command) => {
      for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
      const { db } = globalOptions(command);
      const store = await openStore(db);
      let failed = 0;
      try {
        for (const file of files) {
          const s = await importPagerDutyFile(store, file);
          for (const e of s.errors) process.stderr.write(`${file}:${e.row}: ${e.reason}\n`);
          const unmatched = s.unmatched > 0 ? ` (${s.unmatched} match no Alertmanager group: are their webhooks stored?)` : '';
          process.stdout.write(`${file}: ${s.incidents} incidents${unmatched}; ${s.acks} acknowledgements\n`);
          failed += s.errors.length;
        }
      } finally {
        store.close();
      }
      if (failed > 0) process.exitCode = 1;
    });
}
