/**
 * `pulse sync aws-ce [--dry-run]`: AWS Cost Explorer, the restatement window (1st of the previous month to
 * yesterday). Every GetCostAndUsage page costs USD 0.01: the dry run estimates it without calling AWS, the sync
 * says what it spent.
 * The work lives in sync-aws-ce-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { SyncAwsCeOptions } from './sync-aws-ce-action.ts';

export function registerSyncAwsCe(parent: Command): void {
  parent
    .command('aws-ce')
    .description('sync AWS Cost Explorer (DAILY NetAmortizedCost, NetUnblendedCost, UsageQuantity): replaces the 1st of the previous month to yesterday; USD 0.01 per page')
    .option('--dry-run', 'show the window, the request and the estimated pages and price, without calling AWS')
    .action(async (options: SyncAwsCeOptions, command: Command) => {
      const { syncAwsCeAction } = await import('./sync-aws-ce-action.ts');
      await syncAwsCeAction(options, command);
    });
}
