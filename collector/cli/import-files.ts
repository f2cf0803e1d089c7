import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore, type Store } from '../store/db.ts';
import { UsageError } from './context.ts';
import { globalOptions } from './global-options.ts';

/**
 * The shell of a file import command: every file must exist (else a usage error before anything is written),
 * one store for all of them, and exit code 1 when any file had rejected lines or rows.
 * `importOne` imports one file, prints its summary and returns how many of its lines or rows were rejected.
 */
export async function importFiles(command: Command, files: readonly string[], importOne: (store: Store, file: string) => Promise<number>): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { db } = await globalOptions(command);
  const store = await openStore(db);
  let rejected = 0;
  try {
    for (const file of files) rejected += await importOne(store, file);
  } finally {
    store.close();
  }
  if (rejected > 0) process.exitCode = 1;
}
