/** What `pulse import usage` does (import-usage.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importUsageFile, type UsageImportSummary } from '../../sources/usage/import.ts';
import { isValidTimeZone } from '../../../queries/time.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

const SHOWN_ERRORS = 50;

export interface ImportUsageOptions {
  tz?: string;
}

export async function importUsageAction(files: string[], options: ImportUsageOptions, command: Command): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { db, config } = await globalOptions(command);
  const tz = options.tz ?? config.timezone;
  if (!isValidTimeZone(tz)) throw new UsageError(`--tz: "${tz}" is not an IANA time zone (e.g. Europe/Paris)`);
  const store = await openStore(db);
  let failed = 0;
  try {
    for (const file of files) {
      const summary = await importUsageFile(store, file, { tz });
      report(summary);
      failed += summary.errors.length;
    }
  } finally {
    store.close();
  }
  if (failed > 0) process.exitCode = 1;
}

function report(s: UsageImportSummary): void {
  if (s.status === 'unchanged') {
    process.stdout.write(`${s.file}: already imported, nothing changed\n`);
    return;
  }
  for (const e of s.errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`${s.file}:${e.line}: ${e.reason}\n`);
  if (s.errors.length > SHOWN_ERRORS) process.stderr.write(`${s.file}: … and ${s.errors.length - SHOWN_ERRORS} more rejected lines\n`);
  process.stdout.write(`${s.file}: ${s.rows} windows imported${s.errors.length > 0 ? `, ${s.errors.length} lines rejected` : ''}\n`);
}
