/** What `pulse import slo` does (import-slo.ts registers it; this module loads when the command runs). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { parseSloSpecFile } from '../../sources/slo/load.ts';
import { periodFromSloth } from '../../sources/slo/period.ts';
import { saveAlertWindows, saveSlos } from '../../sources/slo/store.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

export interface ImportSloOptions {
  slothPeriod?: string;
}

export async function importSloAction(files: string[], options: ImportSloOptions, command: Command): Promise<void> {
  const { db, config, configFile } = await globalOptions(command);
  const list = files.length > 0 ? files : config.slo.specs.map((f) => resolve(dirname(configFile), f));
  if (list.length === 0) throw new UsageError('no spec files: name them, or list them under slo.specs in pulse.yaml');
  for (const file of list) if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const period = periodFromSloth(options.slothPeriod ?? config.slo.sloth_period);
  if (!period.ok) throw new UsageError(`--sloth-period: ${period.reason}`);

  const store = await openStore(db);
  let failed = 0;
  try {
    const writer = new StoreWriter(store.connection);
    for (const file of list) {
      const text = readFileSync(file, 'utf8');
      const spec = parseSloSpecFile(file, text, { slothPeriod: period.period });
      for (const e of spec.errors) process.stderr.write(`${e.message}\n`);
      if (spec.errors.length > 0) {
        failed++;
        continue;
      }
      const runId = await writer.startRun({ source: 'file', kind: 'slo', inputSha256: createHash('sha256').update(text).digest('hex') });
      const rows = await writer.transaction(async () => (await saveSlos(writer, spec.slos)) + (await saveAlertWindows(writer, spec.windows)));
      await writer.finishRun(runId, { status: 'ok', rows });
      const windows = spec.windows.map((w) => `Sloth alert windows for ${w.periodDays}d`);
      process.stdout.write(`${file}: ${[...spec.slos.map((s) => s.id), ...windows].join(', ')}\n`);
      for (const s of spec.slos.filter((x) => x.unsupported !== null)) process.stdout.write(`  ${s.id} loads but cannot be evaluated: ${s.unsupported ?? ''}\n`);
    }
  } finally {
    store.close();
  }
  if (failed > 0) throw new Error(`${failed} of ${list.length} spec files were rejected (see above)`);
}
