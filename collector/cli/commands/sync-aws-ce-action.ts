/** What `pulse sync aws-ce` does (sync-aws-ce.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { costExplorerClient } from '../../sources/aws-ce/client.ts';
import { planSync, syncCostExplorer } from '../../sources/aws-ce/sync.ts';
import { globalOptions } from '../global-options.ts';
import { groupThousands } from '../format.ts';

export interface SyncAwsCeOptions {
  dryRun?: boolean;
}

export async function syncAwsCeAction(options: SyncAwsCeOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const store = await openStore(db);
  const now = Date.now();
  try {
    const aws = config.aws;
    const grouping = aws.group_by.length > 0 ? `grouped by ${aws.group_by.join(', ')}` : 'ungrouped';
    const credentials = aws.profile ? `profile ${aws.profile}` : 'the default credential chain';
    if (options.dryRun) {
      const plan = await planSync(store, aws, now);
      process.stdout.write(
        `dry run: would request DAILY NetAmortizedCost, NetUnblendedCost, UsageQuantity from ${plan.window.start} to ${plan.window.end} (exclusive, ${plan.window.days} days), ${grouping}, ` +
          `from ${aws.region} with ${credentials}\n` +
          `estimated ${plan.estimatedPages} page${plan.estimatedPages === 1 ? '' : 's'} = USD ${plan.estimatedCostUsd} (${plan.basis}); nothing was requested\n`,
      );
      return;
    }
    const client = costExplorerClient(aws);
    try {
      const summary = await syncCostExplorer(store, client, aws, { now, onPage: (n) => process.stderr.write(`aws-ce: page ${n} (USD 0.01 each)\n`) });
      process.stdout.write(
        `aws-ce: ${summary.window.start} to ${summary.window.end} (exclusive), ${grouping}: ${groupThousands(summary.rows)} rows ` +
          `(${groupThousands(summary.estimatedRows)} estimated) replaced ${groupThousands(summary.replacedRows)}; ` +
          `${summary.pages} page${summary.pages === 1 ? '' : 's'} = USD ${summary.costUsd}${summary.attempts > summary.pages ? ` (${summary.attempts - summary.pages} throttled retries, not billed)` : ''}\n`,
      );
    } finally {
      client.destroy();
    }
  } finally {
    store.close();
  }
}
