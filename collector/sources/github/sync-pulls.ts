/**
 * Merged pull requests and their commits (the commits carry the PR, for lead time by PR). Closed pull requests
 * are listed by last update, newest first; a pass stops at the newest update of the previous pass and at --since.
 * A pull request already stored with the same merge time is not asked for its commits again.
 */
import { readCursor, writeCursor } from '../delivery/cursors.ts';
import { emptyBatch } from '../delivery/model.ts';
import { num, readRows, str } from '../delivery/read.ts';
import { requiredTime } from '../delivery/time.ts';
import { pages } from './client.ts';
import { commitRow, GITHUB, pullRequestId, pullRequestRow } from './normalize.ts';
import { commitSchema, pullRequestSchema } from './schemas.ts';
import { write, type RepoSync } from './sync-context.ts';

interface PullsState {
  high_water: number | null;
}

const asArray = (data: unknown): unknown[] => (Array.isArray(data) ? data : []);

export async function syncPulls(sync: RepoSync): Promise<number> {
  const [owner, repo] = sync.ctx.repository.split('/') as [string, string];
  const cursor = await readCursor<PullsState>(sync.store.connection, GITHUB, sync.ctx.repository, 'pull_requests', { high_water: null });
  const floor = Math.max(cursor.state.high_water ?? -Infinity, sync.since ?? -Infinity);
  let newest = cursor.state.high_water;
  let etag = cursor.etag;
  let merged = 0;
  const params = { owner, repo, state: 'closed', sort: 'updated', direction: 'desc', per_page: 100 };
  for await (const page of pages(sync.client, 'GET /repos/{owner}/{repo}/pulls', params, asArray, cursor.state.high_water === null ? null : cursor.etag)) {
    etag = page.etag ?? etag;
    const pulls = page.items.map((item) => pullRequestSchema.parse(item));
    const fresh = pulls.filter((p) => requiredTime(p.updated_at, 'pull_request.updated_at') > floor);
    const known = await storedMerges(sync, fresh.map((p) => pullRequestId(sync.ctx.repository, p.number)));
    const batch = emptyBatch();
    for (const pr of fresh) {
      newest = Math.max(newest ?? -Infinity, requiredTime(pr.updated_at, 'pull_request.updated_at'));
      if (!pr.merged_at) continue;
      const row = pullRequestRow(sync.ctx, pr);
      batch.pullRequests.push(row);
      merged++;
      if (known.get(row.pr_id) === row.merged_at) continue;
      for await (const commits of pages(sync.client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { owner, repo, pull_number: pr.number, per_page: 100 }, asArray)) {
        batch.commits.push(...commits.items.map((c) => commitRow(row.service, commitSchema.parse(c), row.pr_id)));
      }
    }
    await sync.writer.transaction(() => write(sync, batch));
    if (fresh.length < pulls.length) break;
  }
  await sync.writer.transaction(() => writeCursor(sync.writer, GITHUB, sync.ctx.repository, 'pull_requests', { state: { high_water: newest }, etag }, sync.now()));
  return merged;
}

async function storedMerges(sync: RepoSync, ids: string[]): Promise<Map<string, number>> {
  const rows = await readRows(sync.store.connection, 'SELECT pr_id, epoch_ms(merged_at)::DOUBLE AS merged_at FROM pull_requests WHERE merged_at IS NOT NULL AND pr_id IN (SELECT unnest($1::VARCHAR[]))', [ids]);
  return new Map(rows.map((r) => [str(r, 'pr_id'), num(r, 'merged_at')]));
}
