/** What `pulse import nvidia-smi` does (import-nvidia-smi.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isValidTimeZone } from '../../../queries/time.ts';
import { NvidiaSmiParseError } from '../../sources/nvidia-smi/errors.ts';
import { importNvidiaSmiFile } from '../../sources/nvidia-smi/import.ts';
import { openStore } from '../../store/db.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

export interface ImportNvidiaSmiOptions {
  tz?: string;
  node?: string;
  cluster?: string;
  at?: string;
  fields?: string;
  force?: boolean;
}

export async function importNvidiaSmiAction(files: string[], options: ImportNvidiaSmiOptions, command: Command): Promise<void> {
  for (const file of files) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { db, config } = await globalOptions(command);
  const timeZone = options.tz ?? config.timezone;
  if (!isValidTimeZone(timeZone)) throw new UsageError(`--tz: expected an IANA time zone such as Europe/Paris, got "${timeZone}"`);
  const at = options.at === undefined ? undefined : Date.parse(options.at);
  if (at !== undefined && !Number.isFinite(at)) throw new UsageError(`--at: expected an ISO 8601 timestamp, got "${options.at}"`);
  const store = await openStore(db);
  let failed = false;
  try {
    for (const file of files) {
      try {
        const summary = await importNvidiaSmiFile(store, file, {
          timeZone,
          node: options.node ?? (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, ''),
          cluster: options.cluster ?? config.gpu.collect.cluster,
          ...(at === undefined ? {} : { at }),
          ...(options.fields === undefined ? {} : { fields: options.fields.split(',').map((f) => f.trim()) }),
          defaultIntervalMs: config.gpu.collect.scrape_interval,
          rawRetentionMs: config.gpu.collect.raw_retention,
          force: options.force === true,
        });
        process.stdout.write(
          summary.status === 'unchanged'
            ? `${file}: already imported (same sha256); --force imports it again\n`
            : `${file}: ${summary.format === 'xml' ? 'nvidia-smi -q -x' : 'nvidia-smi --query-gpu CSV'}, ${summary.readings} readings of ${summary.units} GPUs / MIG instances, ${summary.minuteRows} minute rows\n`,
        );
      } catch (error) {
        if (!(error instanceof NvidiaSmiParseError)) throw error;
        process.stderr.write(`${file}: ${error.message}\n`);
        failed = true;
      }
    }
  } finally {
    store.close();
  }
  if (failed) process.exitCode = 1;
}
