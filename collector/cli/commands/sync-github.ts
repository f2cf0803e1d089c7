/**
 * `pulse sync github`: backfill GitHub deployments, their commits, workflow runs and merged pull requests.
 * The work lives in sync-github-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { SyncGitHubOptions } from './sync-github-action.ts';

export function registerSyncGitHub(parent: Command): void {
  parent
    .command('github')
    .description('backfill the repositories of pulse.yaml `github.repositories` (or --repo): deployments with their final status, the commits each shipped, workflow runs, merged pull requests; resumes where it stopped')
    .option('--repo <owner/name...>', 'repositories instead of github.repositories (owner/* for a whole organization)')
    .option('--since <date>', 'do not read items created (pull requests: updated) before this date')
    .action(async (options: SyncGitHubOptions, command: Command) => {
      const { syncGitHubAction } = await import('./sync-github-action.ts');
      await syncGitHubAction(options, command);
    });
}
