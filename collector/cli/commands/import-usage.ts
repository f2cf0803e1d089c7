/** `pulse import usage FILE.csv…`: inference requests per service and window (window_start, window_end, service, requests). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { importUsageFile, type UsageImportSummary } from '../../sources/usage/import.ts';
import { isValidTimeZone } from '../../../queries/time.ts';
import { globalOptions, UsageError } from '../context.ts';

const SHOWN_ERRORS = 50;

export function registerImportUsage(parent: Command): void {
  parent
    .command('usage')
    .description('import inference request counts per model service and window (CSV: window_start, window_end, service, requests)')
    .argument('<files...>', 'CSV files')
    .option('--tz <zone>', 'IANA zone of timestamps without an offset (default: the configured timezone)')
    .action(async (files: string[], options: { tz?: string }, command: Command) => {
      for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
      const { db, config } = globalOptions(command);
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
    });
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
