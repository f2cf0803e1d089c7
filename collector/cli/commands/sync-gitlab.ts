/** `pulse sync gitlab`: backfill GitLab deployments, their commits, pipelines and merged merge requests. */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import { globalOptions, UsageError } from '../context.ts';
import { countdownWaiter, sinceOption } from './sync-output.ts';

interface Options {
  project?: string[];
  since?: string;
}

export function registerSyncGitLab(parent: Command): void {
  parent
    .command('gitlab')
    .description('backfill the projects of pulse.yaml `gitlab.projects` (or --project): deployments, the commits each shipped, pipelines, merged merge requests; resumes where it stopped')
    .option('--project <path...>', 'project paths (group/project) or ids instead of gitlab.projects')
    .option('--since <date>', 'do not read items updated before this date')
    .action(async (options: Options, command: Command) => {
      const { db, config } = globalOptions(command);
      const projects = options.project ?? config.gitlab.projects;
      if (projects.length === 0) throw new UsageError('--project: no project to sync (give --project group/project, or list gitlab.projects in pulse.yaml)');
      const since = sinceOption(options.since, config.timezone);
      const token = process.env[config.gitlab.token_env] || null;
      if (token === null) process.stderr.write(`pulse: $${config.gitlab.token_env} is not set: only public projects can be read\n`);
      // Loaded here, not at startup: every other command starts faster without the GitLab connector.
      const [{ createGitLabClient }, { syncGitLab }] = await Promise.all([import('../../sources/gitlab/client.ts'), import('../../sources/gitlab/sync.ts')]);
      const store = await openStore(db);
      try {
        const summary = await syncGitLab({
          store,
          client: createGitLabClient({ url: config.gitlab.url, token, waiter: countdownWaiter() }),
          settings: deliverySettings(config),
          projects,
          since,
          progress: (line) => process.stderr.write(`${line}\n`),
          warn: (message) => process.stderr.write(`pulse: ${message}\n`),
        });
        process.stdout.write(`gitlab: ${summary.projects} projects, ${summary.rows} rows written, ${summary.requests} API requests into ${db}\n`);
      } finally {
        store.close();
      }
    });
}
