/**
 * `pulse sync gitlab`: backfill GitLab deployments, their commits, pipelines and merged merge requests.
 * The work lives in sync-gitlab-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { SyncGitLabOptions } from './sync-gitlab-action.ts';

export function registerSyncGitLab(parent: Command): void {
  parent
    .command('gitlab')
    .description('backfill the projects of pulse.yaml `gitlab.projects` (or --project): deployments, the commits each shipped, pipelines, merged merge requests; resumes where it stopped')
    .option('--project <path...>', 'project paths (group/project) or ids instead of gitlab.projects')
    .option('--since <date>', 'do not read items updated before this date')
    .action(async (options: SyncGitLabOptions, command: Command) => {
      const { syncGitLabAction } = await import('./sync-gitlab-action.ts');
      await syncGitLabAction(options, command);
    });
}
