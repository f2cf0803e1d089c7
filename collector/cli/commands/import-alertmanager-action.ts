/** What `pulse import alertmanager` does (import-alertmanager.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { importAlertmanagerFile } from '../../sources/alertmanager/import.ts';
import { importFiles } from '../import-files.ts';

/** At most this many line errors are printed per file; the count says how many there were. */
const SHOWN_ERRORS = 50;

export function importAlertmanagerAction(files: string[], command: Command): Promise<void> {
  return importFiles(command, files, async (store, file) => {
    const s = await importAlertmanagerFile(store, file);
    for (const e of s.errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`${file}:${e.line}: ${e.reason}\n`);
    if (s.errors.length > SHOWN_ERRORS) process.stderr.write(`${file}: … and ${s.errors.length - SHOWN_ERRORS} more rejected lines\n`);
    const rejected = s.errors.length > 0 ? `, ${s.errors.length} rejected` : '';
    process.stdout.write(`${file}: ${s.lines} notifications: ${s.stored} imported, ${s.duplicates} already imported${rejected}; ${s.episodes} alert episodes\n`);
    return s.errors.length;
  });
}
