/** What every step of a repository's GitHub sync shares. */
import type { Store } from '../../store/db.ts';
import type { StoreWriter } from '../../store/writer.ts';
import type { DeliveryBatch } from '../delivery/model.ts';
import { writeBatch } from '../delivery/store.ts';
import type { GitHubClient } from './client.ts';
import type { RepoContext } from './normalize.ts';

export interface RepoSync {
  client: GitHubClient;
  store: Store;
  writer: StoreWriter;
  ctx: RepoContext;
  /** Items created (or, for pull requests, updated) before this instant are not fetched. */
  since: number | null;
  now: () => number;
  /** Services whose deployments or incidents this sync wrote: kinds and links are derived again for them. */
  services: Set<string>;
  /** Deployments written by this sync: their change sets (and their successors') are computed again. */
  deployments: Set<string>;
  rows: number;
}

/** Writes a batch (inside the caller's transaction) and records what it touched. */
export async function write(sync: RepoSync, batch: DeliveryBatch): Promise<void> {
  const summary = await writeBatch(sync.writer, sync.store.connection, batch);
  sync.rows += summary.rows;
  for (const s of summary.services) sync.services.add(s);
  for (const d of batch.deployments) sync.deployments.add(d.deployment_id);
}
