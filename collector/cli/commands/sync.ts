/** `pulse sync SOURCE`: backfills from a source's API into the database; each source is a subcommand module. */
import type { Command } from 'commander';
import { registerSyncAwsCe } from './sync-aws-ce.ts';
import { registerSyncRequests } from './sync-requests.ts';
import { registerSyncGitHub } from './sync-github.ts';
import { registerSyncGitLab } from './sync-gitlab.ts';

export function registerSync(program: Command): void {
  const command = program.command('sync').description('backfill from a source API into the database (see the subcommands)');
  registerSyncAwsCe(command);
  registerSyncRequests(command);
  registerSyncGitHub(command);
  registerSyncGitLab(command);
  // main.ts makes the top-level commands throw instead of exiting; subcommands need the same.
  for (const sub of command.commands) sub.exitOverride();
}
