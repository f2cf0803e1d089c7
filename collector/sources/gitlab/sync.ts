/**
 * `pulse sync gitlab`: backfills the configured projects (deployments with a final status, the commits each
 * shipped, pipelines, merged merge requests and their commits), then derives kinds and incident links. Lists are
 * read in ascending `updated_at` from the cursor (`updated_after`), one transaction per page with the cursor,
 * so an interrupted sync resumes where it stopped and a finished deployment or pipeline is read again when it
 * changes.
 */
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { computeChangeSets, type ChangeSetTarget } from '../delivery/change-sets.ts';
import { readCursor, writeCursor } from '../delivery/cursors.ts';
import { deriveDelivery } from '../delivery/derive.ts';
import { emptyBatch, type CommitRow, type DeliveryBatch } from '../delivery/model.ts';
import { readRows, str } from '../delivery/read.ts';
import { commitTouches, needsFiles, rulesOf } from '../delivery/services.ts';
import type { DeliverySettings } from '../delivery/settings.ts';
import { upsertServices, writeBatch } from '../delivery/store.ts';
import { requiredTime } from '../delivery/time.ts';
import { httpFailure } from '../delivery/wait.ts';
import { projectRef, type GitLabClient } from './client.ts';
import { commitRow, deploymentRow, GITLAB, mergeRequestRow, pipelineRow, type ProjectContext } from './normalize.ts';
import { commitSchema, compareSchema, deploymentSchema, diffSchema, mergeRequestSchema, pipelineSchema, projectSchema } from './schemas.ts';

export interface GitLabSyncOptions {
  store: Store;
  client: GitLabClient;
  settings: DeliverySettings;
  projects: readonly string[];
  since: number | null;
  now?: () => number;
  progress?: (line: string) => void;
  warn?: (message: string) => void;
}

interface ListState {
  updated_after: number | null;
}

interface ProjectSync {
  o: GitLabSyncOptions;
  writer: StoreWriter;
  ctx: ProjectContext;
  ref: string;
  services: Set<string>;
  deployments: Set<string>;
  rows: number;
  now: () => number;
}

export async function syncGitLab(o: GitLabSyncOptions): Promise<{ projects: number; rows: number; requests: number }> {
  const now = o.now ?? Date.now;
  const writer = new StoreWriter(o.store.connection);
  const runId = await writer.startRun({ source: GITLAB, kind: 'delivery', windowStart: o.since });
  let rows = 0;
  try {
    await writer.transaction(() => upsertServices(writer, o.settings.rules));
    for (const project of o.projects) {
      const info = projectSchema.parse(await o.client.get(`/projects/${projectRef(project)}`));
      const p: ProjectSync = { o, writer, ctx: { project: info.path_with_namespace, settings: o.settings }, ref: String(info.id), services: new Set(), deployments: new Set(), rows: 0, now };
      const deployments = await step(p, 'deployments', () => syncList(p, 'deployments', '/deployments', {}, (item, batch) => {
        const deployment = deploymentSchema.parse(item);
        const row = deploymentRow(p.ctx, deployment);
        if (row) batch.deployments.push(row);
        return deployment.updated_at;
      }));
      const pipelines = await step(p, 'pipelines', () => syncList(p, 'pipelines', '/pipelines', {}, (item, batch) => {
        const pipeline = pipelineSchema.parse(item);
        batch.pipelineRuns.push(pipelineRow(p.ctx, pipeline));
        return pipeline.updated_at;
      }));
      const merged = await step(p, 'merge requests', () => syncMergeRequests(p));
      const changes = await step(p, 'deployment commits', () => syncChanges(p));
      await writer.transaction(() => deriveDelivery(writer, o.store.connection, { services: p.services, incidents: [] }, o.settings.linkWindowMs));
      rows += p.rows;
      o.progress?.(`gitlab ${p.ctx.project}: ${deployments} deployments read, ${changes} change sets, ${merged} merged merge requests, ${pipelines} pipelines`);
    }
    await writer.finishRun(runId, { status: 'ok', rows, apiRequests: o.client.requests() });
    return { projects: o.projects.length, rows, requests: o.client.requests() };
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows, apiRequests: o.client.requests(), error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

async function write(p: ProjectSync, batch: DeliveryBatch): Promise<void> {
  const summary = await writeBatch(p.writer, p.o.store.connection, batch);
  p.rows += summary.rows;
  for (const s of summary.services) p.services.add(s);
  for (const d of batch.deployments) p.deployments.add(d.deployment_id);
}

/** Reads a list in ascending updated_at from the cursor; `take` adds an item's rows and returns its updated_at. */
async function syncList(p: ProjectSync, resource: string, path: string, query: Record<string, string>, take: (item: unknown, batch: DeliveryBatch) => string): Promise<number> {
  const cursor = await readCursor<ListState>(p.o.store.connection, GITLAB, p.ctx.project, resource, { updated_after: null });
  const from = cursor.state.updated_after ?? p.o.since;
  // updated_after is exclusive and timestamps have second precision: step back a second, the upserts absorb it.
  const params = { ...query, order_by: 'updated_at', sort: 'asc', ...(from === null ? {} : { updated_after: new Date(from - 1000).toISOString() }) };
  let newest = cursor.state.updated_after;
  let read = 0;
  for await (const items of p.o.client.pages(`/projects/${p.ref}${path}`, params)) {
    const batch = emptyBatch();
    for (const item of items) newest = Math.max(newest ?? -Infinity, requiredTime(take(item, batch), `${resource}.updated_at`));
    read += items.length;
    await p.writer.transaction(async () => {
      await write(p, batch);
      await writeCursor(p.writer, GITLAB, p.ctx.project, resource, { state: { updated_after: newest }, etag: null }, p.now());
    });
  }
  return read;
}

async function syncMergeRequests(p: ProjectSync): Promise<number> {
  let merged = 0;
  const pending: { iid: number; row: ReturnType<typeof mergeRequestRow> }[] = [];
  await syncList(p, 'merge_requests', '/merge_requests', { state: 'merged' }, (item, batch) => {
    const mr = mergeRequestSchema.parse(item);
    const row = mergeRequestRow(p.ctx, mr);
    batch.pullRequests.push(row);
    pending.push({ iid: mr.iid, row });
    merged++;
    return mr.updated_at;
  });
  // Merge requests whose commits an earlier (perhaps interrupted) sync already stored are not asked again.
  const known = await readRows(p.o.store.connection, 'SELECT DISTINCT pr FROM commits WHERE pr IN (SELECT unnest($1::VARCHAR[]))', [pending.map((x) => x.row.pr_id)]);
  const withCommits = new Set(known.map((r) => str(r, 'pr')));
  for (const { iid, row } of pending) {
    if (withCommits.has(row.pr_id)) continue;
    const batch = emptyBatch();
    for await (const items of p.o.client.pages(`/projects/${p.ref}/merge_requests/${iid}/commits`)) batch.commits.push(...items.map((c) => commitRow(row.service, commitSchema.parse(c), row.pr_id)));
    await p.writer.transaction(() => write(p, batch));
  }
  return merged;
}

async function syncChanges(p: ProjectSync): Promise<number> {
  const commitsBetween = async (t: ChangeSetTarget): Promise<CommitRow[] | null> => {
    let commits;
    try {
      commits = compareSchema.parse(await p.o.client.get(`/projects/${p.ref}/repository/compare`, { from: t.base, to: t.head })).commits;
    } catch (error) {
      if (httpFailure(error)?.status === 404) return null;
      throw error;
    }
    const kept = [];
    const sliced = needsFiles(p.o.settings.rules, p.ctx.project, t.service);
    for (const c of commits) {
      if (!sliced) kept.push(c);
      else {
        const diff = diffSchema.parse(await p.o.client.get(`/projects/${p.ref}/repository/commits/${c.id}/diff`));
        if (commitTouches(p.o.settings.rules, p.ctx.project, t.service, diff.flatMap((f) => [f.new_path, f.old_path]))) kept.push(c);
      }
    }
    return kept.map((c) => commitRow(t.service, c, null));
  };
  return computeChangeSets({
    store: p.o.store,
    writer: p.writer,
    source: GITLAB,
    scope: p.ctx.project,
    services: [p.ctx.project, ...rulesOf(p.o.settings.rules, p.ctx.project).map((r) => r.name)],
    written: p.deployments,
    commitsBetween,
    write: (batch) => write(p, batch),
    warn: p.o.warn ?? (() => undefined),
    now: p.now,
  });
}

async function step<T>(p: ProjectSync, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`gitlab ${p.ctx.project}: ${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
}
