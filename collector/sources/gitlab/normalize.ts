/**
 * GitLab objects (REST or webhook) → delivery rows. Pure.
 * - Deployment status: success → success, failed → failure; canceled, skipped and unfinished ones are not
 *   deployments with a final status. Production: environment tier `production`, or a production name.
 * - Pipelines: success, failed → failure, canceled → cancelled, skipped; the rest are running. GitLab retries
 *   jobs inside a pipeline, so every pipeline is attempt 1.
 */
import type { CommitRow, DeploymentRow, DeploymentStatus, PipelineRunRow, PipelineStatus, PullRequestRow } from '../delivery/model.ts';
import { deploymentService } from '../delivery/services.ts';
import { environmentName, type DeliverySettings } from '../delivery/settings.ts';
import { requiredTime } from '../delivery/time.ts';
import { incidentTrailer } from '../delivery/trailers.ts';
import type { GitLabCommit, GitLabDeployment, GitLabMergeRequest, GitLabPipeline } from './schemas.ts';

export const GITLAB = 'gitlab';

export interface ProjectContext {
  /** group/project */
  project: string;
  settings: DeliverySettings;
}

export function deploymentStatus(status: string): DeploymentStatus | null {
  return status === 'success' ? 'success' : status === 'failed' ? 'failure' : null;
}

export function serviceOf(ctx: ProjectContext): string {
  return deploymentService(ctx.settings.rules, ctx.project, null);
}

export interface DeploymentFacts {
  id: string;
  status: DeploymentStatus;
  environment: string;
  tier: string | null;
  sha: string;
  started_at: number | null;
  finished_at: number;
}

export function deploymentRowOf(ctx: ProjectContext, f: DeploymentFacts): DeploymentRow {
  return {
    deployment_id: f.id,
    service: serviceOf(ctx),
    environment: environmentName(ctx.settings, f.environment, f.tier === 'production'),
    status: f.status,
    kind: 'normal',
    kind_derived: true,
    started_at: f.started_at,
    finished_at: f.finished_at,
    commit_sha: f.sha,
    rollback_of: null,
    source: GITLAB,
  };
}

/** A REST deployment with a final status → its row; null while it has none. */
export function deploymentRow(ctx: ProjectContext, d: GitLabDeployment): DeploymentRow | null {
  const status = deploymentStatus(d.status);
  if (status === null) return null;
  const finished = d.finished_at ?? d.deployable?.finished_at ?? d.updated_at;
  return deploymentRowOf(ctx, {
    id: `${GITLAB}:${d.id}`,
    status,
    environment: d.environment.name,
    tier: d.environment.tier ?? null,
    sha: d.sha,
    started_at: requiredTime(d.created_at, 'deployment.created_at'),
    finished_at: requiredTime(finished, 'deployment.finished_at'),
  });
}

const PIPELINE_STATUS: Record<string, PipelineStatus> = { success: 'success', failed: 'failure', canceled: 'cancelled', skipped: 'skipped' };

function pipelineStatus(status: string): PipelineStatus {
  return PIPELINE_STATUS[status] ?? 'running';
}

export function pipelineRow(ctx: ProjectContext, p: Pick<GitLabPipeline, 'id' | 'sha' | 'status' | 'name' | 'created_at'> & { started_at?: string | null; finished_at?: string | null; updated_at?: string }): PipelineRunRow {
  const status = pipelineStatus(p.status);
  const finished = status === 'running' ? null : (p.finished_at ?? p.updated_at ?? null);
  return {
    run_id: `${GITLAB}:${p.id}`,
    attempt: 1,
    pipeline: p.name || 'pipeline',
    service: serviceOf(ctx),
    status,
    started_at: requiredTime(p.started_at ?? p.created_at, 'pipeline.started_at'),
    finished_at: finished === null ? null : requiredTime(finished, 'pipeline.finished_at'),
    commit_sha: p.sha,
    source: GITLAB,
  };
}

/** Bot accounts: `…[bot]`, and project / group access token users (`project_12_bot_…`, `group_3_bot`). */
export function isBotName(username: string | null): boolean {
  return username !== null && (/\[bot\]$/.test(username) || /(^|_)bot(_|$)/.test(username) || /-bot$/.test(username));
}

export function mergeRequestId(project: string, iid: number): string {
  return `${project}!${iid}`;
}

export function mergeRequestRow(ctx: ProjectContext, mr: GitLabMergeRequest): PullRequestRow {
  const author = mr.author?.username ?? null;
  return {
    pr_id: mergeRequestId(ctx.project, mr.iid),
    service: serviceOf(ctx),
    created_at: requiredTime(mr.created_at, 'merge_request.created_at'),
    merged_at: mr.merged_at ? requiredTime(mr.merged_at, 'merge_request.merged_at') : null,
    author,
    is_bot: isBotName(author),
    is_revert: /^Revert "/.test(mr.title),
    merge_commit: mr.merge_commit_sha ?? mr.squash_commit_sha ?? null,
    source: GITLAB,
  };
}

export function commitRow(service: string | null, c: GitLabCommit, pr: string | null): CommitRow {
  return {
    sha: c.id,
    service,
    authored_at: requiredTime(c.authored_date, 'commit.authored_date'),
    committed_at: c.committed_date ? requiredTime(c.committed_date, 'commit.committed_date') : null,
    author: c.author_name ?? null,
    pr,
    incident_id: incidentTrailer(c.message),
    source: GITLAB,
  };
}

