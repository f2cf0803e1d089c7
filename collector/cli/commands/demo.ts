/**
 * `pulse demo [--days N] [--seed N] [--end T]`: writes the built-in demo world into the database. Ctrl-C stops
 * it; whole days are kept and a rerun completes it.
 * The work lives in demo-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { DemoCliOptions } from './demo-action.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write the built-in demo world (3 clusters of H100 / A100 / L4 GPUs, costs, deliveries, SLOs, alerts) into the database')
    .option('--days <n>', 'days of history, ending now', '90')
    .option('--seed <n>', 'random seed: the same seed gives the same world', '1')
    .option('--end <time>', 'end of the demo period as an ISO timestamp (default: now)')
    .action(async (options: DemoCliOptions, command: Command) => {
      const { demoAction } = await import('./demo-action.ts');
      await demoAction(options, command);
    });
}
