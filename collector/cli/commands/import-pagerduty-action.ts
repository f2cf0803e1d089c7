/** What `pulse import pagerduty` does (import-pagerduty.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { importPagerDutyFile } from '../../sources/pagerduty/import.ts';
import { importFiles } from '../import-files.ts';

export function importPagerDutyAction(files: string[], command: Command): Promise<void> {
  return importFiles(command, files, async (store, file) => {
    const s = await importPagerDutyFile(store, file);
    for (const e of s.errors) process.stderr.write(`${file}:${e.row}: ${e.reason}\n`);
    const unmatched = s.unmatched > 0 ? ` (${s.unmatched} match no Alertmanager group: are their webhooks stored?)` : '';
    process.stdout.write(`${file}: ${s.incidents} incidents${unmatched}; ${s.acks} acknowledgements\n`);
    return s.errors.length;
  });
}
