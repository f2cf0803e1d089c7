/**
 * Workflow runs, newest first, each as its latest attempt. A pass reads back to the newest run of the previous
 * pass less a lookback (a rerun of a recent run changes its attempt, not its creation time) and to --since.
 */
import { readCursor, writeCursor } from '../delivery/cursors.ts';
import { emptyBatch } from '../delivery/model.ts';
import { requiredTime } from '../delivery/time.ts';
import { pages } from './client.ts';
import { GITHUB, workflowRunRow } from './normalize.ts';
import { workflowRunSchema } from './schemas.ts';
import { write, type RepoSync } from './sync-context.ts';

/** Runs created this long before the newest run of the last pass are read again (reruns, late completions). */
const RUN_LOOKBACK_MS = 3 * 86_400_000;

interface RunsState {
  high_water: number | null;
}

export async function syncWorkflowRuns(sync: RepoSync): Promise<number> {
  const [owner, repo] = sync.ctx.repository.split('/') as [string, string];
  const cursor = await readCursor<RunsState>(sync.store.connection, GITHUB, sync.ctx.repository, 'workflow_runs', { high_water: null });
  const floor = Math.max(cursor.state.high_water === null ? -Infinity : cursor.state.high_water - RUN_LOOKBACK_MS, sync.since ?? -Infinity);
  let newest = cursor.state.high_water;
  let etag = cursor.etag;
  let seen = 0;
  const extract = (data: unknown): unknown[] => (typeof data === 'object' && data !== null ? ((data as { workflow_runs?: unknown[] }).workflow_runs ?? []) : []);
  for await (const page of pages(sync.client, 'GET /repos/{owner}/{repo}/actions/runs', { owner, repo, per_page: 100 }, extract, cursor.state.high_water === null ? null : cursor.etag)) {
    etag = page.etag ?? etag;
    const runs = page.items.map((item) => workflowRunSchema.parse(item));
    const kept = runs.filter((r) => requiredTime(r.created_at, 'workflow_run.created_at') >= floor);
    const batch = emptyBatch();
    batch.pipelineRuns.push(...kept.map((r) => workflowRunRow(sync.ctx, r)));
    for (const r of kept) newest = Math.max(newest ?? -Infinity, requiredTime(r.created_at, 'workflow_run.created_at'));
    seen += kept.length;
    await sync.writer.transaction(() => write(sync, batch));
    if (kept.length < runs.length) break;
  }
  await sync.writer.transaction(() => writeCursor(sync.writer, GITHUB, sync.ctx.repository, 'workflow_runs', { state: { high_water: newest }, etag }, sync.now()));
  return seen;
}
