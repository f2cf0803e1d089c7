/** What `pulse sync github` does (sync-github.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import { createGitHubClient } from '../../sources/github/client.ts';
import { syncGitHub } from '../../sources/github/sync.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { countdownWaiter, sinceOption } from './sync-output.ts';

export interface SyncGitHubOptions {
  repo?: string[];
  since?: string;
}

export async function syncGitHubAction(options: SyncGitHubOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const repositories = options.repo ?? config.github.repositories;
  if (repositories.length === 0) throw new UsageError('--repo: no repository to sync (give --repo owner/name, or list github.repositories in pulse.yaml)');
  for (const r of repositories) if (!/^[^\s/]+\/[^\s/]+$/.test(r)) throw new UsageError(`--repo: expected owner/name or owner/*, got "${r}"`);
  const since = sinceOption(options.since, config.timezone);
  const token = process.env[config.github.token_env] || null;
  if (token === null) process.stderr.write(`pulse: $${config.github.token_env} is not set: unauthenticated requests see public repositories only, 60 an hour\n`);
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
}
