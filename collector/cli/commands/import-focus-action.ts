/** What `pulse import focus` does (import-focus.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importFocusFiles, type FileResult } from '../../sources/focus/import.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { groupThousands } from '../format.ts';

/** At most this many rejected rows are printed per file; the count says how many there were. */
const SHOWN_ROWS = 50;

export interface FocusCliOptions {
  currency?: string;
  provider?: string;
}

export async function importFocusAction(files: string[], options: FocusCliOptions, command: Command): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) throw new UsageError(`--currency: expected an ISO 4217 code such as USD, got "${options.currency}"`);
  if (options.provider !== undefined && options.provider.trim() === '') throw new UsageError('--provider: expected a provider name');
  const { db } = await globalOptions(command);
  const store = await openStore(db);
  try {
    const started = Date.now();
    const result = await importFocusFiles(store, files, options);
    for (const file of result.files) report(file);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const rows = result.files.reduce((n, f) => n + f.rows, 0);
    process.stdout.write(`focus: ${groupThousands(rows)} rows in ${seconds}s; ${groupThousands(result.replacedRows)} rows of earlier exports of the same billing periods replaced\n`);
    if (result.files.some((f) => f.rejected.length > 0)) process.exitCode = 1;
  } finally {
    store.close();
  }
}

function report(f: FileResult): void {
  if (f.status === 'unchanged') {
    process.stdout.write(`${f.file}: already imported (sha256 ${f.sha256.slice(0, 12)}…), nothing changed\n`);
    return;
  }
  for (const reason of f.rejected.slice(0, SHOWN_ROWS)) process.stderr.write(`${f.file}: ${reason}\n`);
  if (f.rejected.length > SHOWN_ROWS) process.stderr.write(`${f.file}: … and ${f.rejected.length - SHOWN_ROWS} more rejected rows\n`);
  const rejected = f.rejected.length > 0 ? `, ${f.rejected.length} rejected (rows are counted from the first data row)` : '';
  process.stdout.write(`${f.file}: ${groupThousands(f.rows)} rows imported${rejected}\n`);
}
