/** `pulse sync github`: backfill GitHub deployments, their commits, workflow runs and merged pull requests. */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import { globalOptions, UsageError } from '../context.ts';
import { countdownWaiter, sinceOption } from './sync-output.ts';

interface Options {
  repo?: string[];
  since?: string;
}

export function registerSyncGitHub(parent: Command): void {
  parent
    .command('github')
    .description('backfill the repositories of pulse.yaml `github.repositories` (or --repo): deployments with their final status, the commits each shipped, workflow runs, merged pull requests; resumes where it stopped')
    .option('--repo <owner/name...>', 'repositories instead of github.repositories (owner/* for a whole organization)')
    .option('--since <date>', 'do not read items created (pull requests: updated) before this date')
    .action(async (options: Options, command: Command) => {
      const { db, config } = globalOptions(command);
      const repositories = options.repo ?? config.github.repositories;
      if (repositories.length === 0) throw new UsageError('--repo: no repository to sync (give --repo owner/name, or list github.repositories in pulse.yaml)');
      for (const r of repositories) if (!/^[^\s/]+\/[^\s/]+$/.test(r)) throw new UsageError(`--repo: expected owner/name or owner/*, got "${r}"`);
      const since = sinceOption(options.since, config.timezone);
      const token = process.env[config.github.token_env] || null;
      if (token === null) process.stderr.write(`pulse: $${config.github.token_env} is not set: unauthenticated requests see public repositories only, 60 an hour\n`);
      // Loaded here, not at startup: every other command starts faster without the GitHub client.
      const [{ createGitHubClient }, { syncGitHub }] = await Promise.all([import('../../sources/github/client.ts'), import('../../sources/github/sync.ts')]);
      const store = await openStore(db);
      try {
        const summary = await syncGitHub({
          store,
          client: createGitHubClient({ token, baseUrl: config.github.api_url, waiter: countdownWaiter() }),
          settings: deliverySettings(config),
          repositories,
          since,
          progress: (line) => process.stderr.write(`${line}\n`),
          warn: (message) => process.stderr.write(`pulse: ${message}\n`),
        });
        process.stdout.write(`github: ${summary.repositories} repositories, ${summary.rows} rows written, ${summary.requests} API requests into ${db}\n`);
      } finally {
        store.close();
      }
    });
}
