/**
 * Deployments of a repository with their final status. The list is newest first: a pass stops at the newest
 * deployment of the previous complete pass (`high_water`) and at --since. Deployments without a final status yet
 * are kept in `pending` and asked again next time. Each page is written in one transaction with the cursor, and
 * deployments already stored are not asked for their statuses again, so an interrupted pass resumes cheaply.
 */
import { readCursor, writeCursor } from '../delivery/cursors.ts';
import { emptyBatch } from '../delivery/model.ts';
import { readRows, str } from '../delivery/read.ts';
import { requiredTime } from '../delivery/time.ts';
import { pages } from './client.ts';
import { deploymentId, deploymentRow, finalStatus, GITHUB } from './normalize.ts';
import { deploymentSchema, deploymentStatusSchema, type GitHubDeployment, type GitHubDeploymentStatus } from './schemas.ts';
import { write, type RepoSync } from './sync-context.ts';

interface DeploymentsState {
  high_water: number | null;
  pending: number[];
}

const asArray = (data: unknown): unknown[] => (Array.isArray(data) ? data : []);

export async function syncDeployments(sync: RepoSync): Promise<number> {
  const [owner, repo] = sync.ctx.repository.split('/') as [string, string];
  const cursor = await readCursor<DeploymentsState>(sync.store.connection, GITHUB, sync.ctx.repository, 'deployments', { high_water: null, pending: [] });
  const pending = new Set(cursor.state.pending);
  let newest = cursor.state.high_water;
  let etag = cursor.etag;
  const seen = new Set<number>();

  const settle = async (d: GitHubDeployment, statuses: GitHubDeploymentStatus[], batch: ReturnType<typeof emptyBatch>): Promise<void> => {
    const final = finalStatus(statuses);
    if (final.kind === 'final') {
      batch.deployments.push(deploymentRow(sync.ctx, d, final));
      pending.delete(d.id);
    } else if (final.kind === 'pending') {
      pending.add(d.id);
    } else {
      pending.delete(d.id);
    }
  };

  const list = pages(sync.client, 'GET /repos/{owner}/{repo}/deployments', { owner, repo, per_page: 100 }, asArray, cursor.state.high_water === null ? null : cursor.etag);
  let stopped = false;
  for await (const page of list) {
    etag = page.etag ?? etag;
    const batch = emptyBatch();
    const items = page.items.map((item) => deploymentSchema.parse(item));
    const stored = await storedFinal(sync, items.map((d) => deploymentId(d.id)));
    for (const d of items) {
      if ((cursor.state.high_water !== null && d.id <= cursor.state.high_water) || (sync.since !== null && requiredTime(d.created_at, 'deployment.created_at') < sync.since)) {
        stopped = true;
        break;
      }
      seen.add(d.id);
      newest = Math.max(newest ?? d.id, d.id);
      if (stored.has(deploymentId(d.id)) && !pending.has(d.id)) continue;
      await settle(d, await statusesOf(sync, owner, repo, d.id), batch);
    }
    await sync.writer.transaction(async () => {
      await write(sync, batch);
      await writeCursor(sync.writer, GITHUB, sync.ctx.repository, 'deployments', { state: { high_water: cursor.state.high_water, pending: [...pending] }, etag: cursor.etag }, sync.now());
    });
    if (stopped) break;
  }

  // Deployments that had no final status last time (and were not on the pages read now).
  const batch = emptyBatch();
  for (const id of cursor.state.pending.filter((p) => !seen.has(p))) {
    const d = deploymentSchema.parse((await sync.client.octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { owner, repo, deployment_id: id })).data);
    await settle(d, await statusesOf(sync, owner, repo, id), batch);
  }
  await sync.writer.transaction(async () => {
    await write(sync, batch);
    await writeCursor(sync.writer, GITHUB, sync.ctx.repository, 'deployments', { state: { high_water: newest, pending: [...pending] }, etag }, sync.now());
  });
  return seen.size;
}

async function statusesOf(sync: RepoSync, owner: string, repo: string, id: number): Promise<GitHubDeploymentStatus[]> {
  const statuses: GitHubDeploymentStatus[] = [];
  for await (const page of pages(sync.client, 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { owner, repo, deployment_id: id, per_page: 100 }, asArray)) {
    statuses.push(...page.items.map((s) => deploymentStatusSchema.parse(s)));
  }
  return statuses;
}

async function storedFinal(sync: RepoSync, ids: string[]): Promise<Set<string>> {
  const rows = await readRows(sync.store.connection, 'SELECT deployment_id FROM deployments WHERE deployment_id IN (SELECT unnest($1::VARCHAR[]))', [ids]);
  return new Set(rows.map((r) => str(r, 'deployment_id')));
}
