/**
 * `pulse sync requests [--from D] [--to D] [--tz Z]`: inference volumes from the request counters of
 * `inference.request_counters`, read from the `prometheus` API, as one usage row per service and day.
 * The work lives in sync-requests-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { RequestsCliOptions } from './sync-requests-action.ts';

export function registerSyncRequests(parent: Command): void {
  parent
    .command('requests')
    .description('read the request counters of inference.request_counters from the prometheus API: requests per service and day (counter resets handled)')
    .option('--from <date>', 'first day (default: 7 days before today)')
    .option('--to <date>', 'end, exclusive (default: now)')
    .option('--tz <zone>', 'IANA zone of the days; use the --tz of `pulse kpi cost-per-1k` (default: the configured timezone)')
    .action(async (options: RequestsCliOptions, command: Command) => {
      const { syncRequestsAction } = await import('./sync-requests-action.ts');
      await syncRequestsAction(options, command);
    });
}
