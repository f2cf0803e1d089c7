/** What `pulse import events` does (import-events.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importEventFile, type FileSummary } from '../../sources/events/import.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import { StoreWriter } from '../../store/writer.ts';
import { upsertServices } from '../../sources/delivery/store.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { progressBar } from '../progress.ts';

/** At most this many line errors are printed per file; the count says how many there were. */
const SHOWN_ERRORS = 50;

export async function importEventsAction(files: string[], command: Command): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { db, config } = await globalOptions(command);
  const settings = deliverySettings(config);
  const store = await openStore(db);
  let failed = 0;
  try {
    const writer = new StoreWriter(store.connection);
    await writer.transaction(() => upsertServices(writer, settings.rules));
    for (const file of files) {
      // A bar on a terminal; logs and pipes get the summary line only.
      const bar = process.stderr.isTTY ? progressBar(`import ${file}`) : null;
      const summary = await importEventFile(store, file, { linkWindowMs: settings.linkWindowMs, onProgress: (read, size, rows) => bar?.update(read, size, rows) });
      if (bar) process.stderr.write('\r\x1b[K');
      report(summary);
      failed += summary.errors.length;
    }
  } finally {
    store.close();
  }
  if (failed > 0) process.exitCode = 1;
}

function report(s: FileSummary): void {
  for (const e of s.errors.slice(0, SHOWN_ERRORS)) process.stderr.write(`${s.file}:${e.line}: ${e.reason}\n`);
  if (s.errors.length > SHOWN_ERRORS) process.stderr.write(`${s.file}: … and ${s.errors.length - SHOWN_ERRORS} more rejected lines\n`);
  const rejected = s.errors.length > 0 ? `, ${s.errors.length} rejected` : '';
  process.stdout.write(`${s.file}: ${s.lines} lines: ${s.imported} imported, ${s.unchanged} already imported${rejected}; ${s.rows} rows written\n`);
}
