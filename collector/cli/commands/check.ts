/**
 * `pulse check [--dashboards DIR] [--queries DIR]`: validates pulse.yaml, the dashboards and the query files and
 * lists every problem found (exit 1 when there is one).
 * The work lives in check-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import { projectDir } from '../../project-root.ts';
import type { CheckOptions } from './check-action.ts';

// DASHBOARDS_DIR of dashboards/load.ts and QUERIES_DIR of queries/registry.ts, found here without loading those
// modules (they load the dashboard schema and DuckDB); check.test.ts keeps them equal.
const DASHBOARDS_DIR = projectDir('dashboards');
const QUERIES_DIR = projectDir('queries');

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate pulse.yaml, the dashboards and the queries; list every problem (exit 1 if there is one)')
    .option('--dashboards <dir>', 'dashboards directory', DASHBOARDS_DIR)
    .option('--queries <dir>', 'queries directory', QUERIES_DIR)
    .action(async (options: CheckOptions, command: Command) => {
      const { checkAction } = await import('./check-action.ts');
      await checkAction(options, command);
    });
}
