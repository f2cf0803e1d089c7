/** `pulse import alertmanager FILE.ndjson…`: Alertmanager webhook payloads, one per line. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importAlertmanagerFile } from '../../sources/alertmanager/import.ts';
import { globalOptions, UsageError } from '../context.ts';

/** At most this many line errors are printed per file; the count says how many there were. */
const SHOWN_ERRORS = 50;

export function registerImportAlertmanager(parent: Command): void {
  parent
    .command('alertmanager')
    .description('import Alertmanager webhook payloads (version 4), one JSON payload per line as a receiver logged them')
    .argument('<files...>', 'NDJSON files')
    .action(async (files: string[], _options: unknown, command: Command) => {
      for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
      const { db } = globalOptions(command);
      const store = await openStore(db);
      let failed = 0;
      try {
        for (const file of files) {
          const s = await importAlertmanagerFile(store, file);
          for (const e of s.errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`${file}:${e.line}: ${e.reason}\n`);
          if (s.errors.length > SHOWN_ERRORS) process.stderr.write(`${file}: … and ${s.errors.length - SHOWN_ERRORS} more rejected lines\n`);
          const rejected = s.errors.length > 0 ? `, ${s.errors.length} rejected` : '';
          process.stdout.write(`${file}: ${s.lines} notifications: ${s.stored} imported, ${s.duplicates} already imported${rejected}; ${s.episodes} alert episodes\n`);
          failed += s.errors.length;
        }
      } finally {
        store.close();
      }
      if (failed > 0) process.exitCode = 1;
    });
}
