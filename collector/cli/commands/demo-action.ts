/** What `pulse demo` does (demo.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { generateDemo } from '../../demo/generate.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { progressBar } from '../progress.ts';
import { groupThousands } from '../format.ts';

export interface DemoCliOptions {
  days: string;
  seed: string;
  end?: string;
}

export async function demoAction(options: DemoCliOptions, command: Command): Promise<void> {
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError(`--days: expected a whole number from 1 to 400, got "${options.days}"`);
  const seed = Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got "${options.seed}"`);
  const end = options.end === undefined ? Date.now() : Date.parse(options.end);
  if (!Number.isFinite(end)) throw new UsageError(`--end: expected an ISO timestamp, got "${options.end}"`);

  const { db } = await globalOptions(command);
  const store = await openStore(db);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar('demo');
  const started = Date.now();
  try {
    const summary = await generateDemo(store, { seed, days, end, signal: abort.signal, onProgress: (done, total, rows) => bar.update(done, total, rows) });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (summary.interrupted) {
      bar.finish(`demo interrupted after ${groupThousands(summary.rows)} rows: whole days are kept; run it again to complete`);
      process.exitCode = 130;
    } else {
      bar.finish(
        `demo: ${groupThousands(summary.rows)} rows in ${seconds}s into ${db}\n` +
          `from ${new Date(summary.from).toISOString()} to ${new Date(summary.to).toISOString()} — try: pulse kpi gpu-util --db ${db} --group-by cluster`,
      );
    }
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}
