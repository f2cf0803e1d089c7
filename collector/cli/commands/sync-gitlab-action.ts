/** What `pulse sync gitlab` does (sync-gitlab.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import { createGitLabClient } from '../../sources/gitlab/client.ts';
import { syncGitLab } from '../../sources/gitlab/sync.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { countdownWaiter, sinceOption } from './sync-output.ts';

export interface SyncGitLabOptions {
  project?: string[];
  since?: string;
}

export async function syncGitLabAction(options: SyncGitLabOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const projects = options.project ?? config.gitlab.projects;
  if (projects.length === 0) throw new UsageError('--project: no project to sync (give --project group/project, or list gitlab.projects in pulse.yaml)');
  const since = sinceOption(options.since, config.timezone);
  const token = process.env[config.gitlab.token_env] || null;
  if (token === null) process.stderr.write(`pulse: $${config.gitlab.token_env} is not set: only public projects can be read\n`);
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
}
