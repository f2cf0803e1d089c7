/**
 * `pulse sync github`: backfills the configured repositories (deployments with their final status, the commits
 * each deployment shipped, workflow runs, merged pull requests and their commits), then derives kinds and
 * incident links. One ingest_runs row per sync, with the number of API requests made.
 */
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { deriveDelivery } from '../delivery/derive.ts';
import type { DeliverySettings } from '../delivery/settings.ts';
import { upsertServices } from '../delivery/store.ts';
import type { GitHubClient } from './client.ts';
import { GITHUB } from './normalize.ts';
import { expandRepositories } from './repos.ts';
import { syncChanges } from './sync-changes.ts';
import type { RepoSync } from './sync-context.ts';
import { syncDeployments } from './sync-deployments.ts';
import { syncPulls } from './sync-pulls.ts';
import { syncWorkflowRuns } from './sync-workflow-runs.ts';

export interface GitHubSyncOptions {
  store: Store;
  client: GitHubClient;
  settings: DeliverySettings;
  /** owner/name or owner/* entries. */
  repositories: readonly string[];
  since: number | null;
  now?: () => number;
  /** One line per repository when it is done. */
  progress?: (line: string) => void;
  warn?: (message: string) => void;
}

export interface SyncSummary {
  repositories: number;
  rows: number;
  requests: number;
}

export async function syncGitHub(options: GitHubSyncOptions): Promise<SyncSummary> {
  const now = options.now ?? Date.now;
  const writer = new StoreWriter(options.store.connection);
  const runId = await writer.startRun({ source: GITHUB, kind: 'delivery', windowStart: options.since });
  let rows = 0;
  try {
    await writer.transaction(() => upsertServices(writer, options.settings.rules));
    const repositories = await expandRepositories(options.client, options.repositories);
    for (const repository of repositories) {
      const sync: RepoSync = {
        client: options.client,
        store: options.store,
        writer,
        ctx: { repository, settings: options.settings },
        since: options.since,
        now,
        services: new Set(),
        deployments: new Set(),
        rows: 0,
      };
      const deployments = await step(repository, 'deployments', () => syncDeployments(sync));
      const pulls = await step(repository, 'pull requests', () => syncPulls(sync));
      const changes = await step(repository, 'deployment commits', () => syncChanges(sync, options.warn ?? (() => undefined)));
      const runs = await step(repository, 'workflow runs', () => syncWorkflowRuns(sync));
      await writer.transaction(() => deriveDelivery(writer, options.store.connection, { services: sync.services, incidents: [] }, options.settings.linkWindowMs));
      rows += sync.rows;
      options.progress?.(`github ${repository}: ${deployments} deployments, ${changes} change sets, ${pulls} merged pull requests, ${runs} workflow runs`);
    }
    await writer.finishRun(runId, { status: 'ok', rows, apiRequests: options.client.requests() });
    return { repositories: repositories.length, rows, requests: options.client.requests() };
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows, apiRequests: options.client.requests(), error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** Runs one step; a failure names the repository and the step (and the HTTP status when there is one). */
async function step<T>(repository: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' ? ` (HTTP ${(error as { status: number }).status})` : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`github ${repository}: ${what}${status}: ${reason}`, { cause: error });
  }
}
