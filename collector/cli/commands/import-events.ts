/**
 * `pulse import events FILE…`: generic delivery events, NDJSON as SOURCES.md specifies.
 * The work lives in import-events-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';

export function registerImportEvents(parent: Command): void {
  parent
    .command('events')
    .description('import generic delivery events (deployments, incidents, pipeline runs, pull requests, alert acknowledgements), one JSON object per line')
    .argument('<files...>', 'NDJSON files')
    .action(async (files: string[], _options: unknown, command: Command) => {
      const { importEventsAction } = await import('./import-events-action.ts');
      await importEventsAction(files, command);
    });
}
