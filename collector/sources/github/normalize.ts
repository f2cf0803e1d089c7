/**
 * GitHub objects (REST or webhook) → delivery rows. Pure.
 * - A deployment's final status is its newest terminal status (success, failure, error); `inactive` means a
 *   later deployment superseded it, not that it failed.
 * - A workflow run's row is its latest attempt (`run_attempt`); a rerun replaces nothing, it adds the attempt.
 */
import { DEPLOYMENT_KINDS, type CommitRow, type DeploymentKind, type DeploymentRow, type DeploymentStatus, type PipelineRunRow, type PipelineStatus, type PullRequestRow } from '../delivery/model.ts';
import { deploymentService } from '../delivery/services.ts';
import { environmentName, type DeliverySettings } from '../delivery/settings.ts';
import { requiredTime } from '../delivery/time.ts';
import { incidentTrailer } from '../delivery/trailers.ts';
import type { GitHubCommit, GitHubDeployment, GitHubDeploymentStatus, GitHubPullRequest, GitHubWorkflowRun } from './schemas.ts';

export const GITHUB = 'github';

export interface RepoContext {
  /** owner/name */
  repository: string;
  settings: DeliverySettings;
}

export type FinalStatus = { kind: 'final'; status: DeploymentStatus; at: number } | { kind: 'pending' } | { kind: 'superseded' };

const TERMINAL: readonly string[] = ['success', 'failure', 'error'];

/** The final status of a deployment from its statuses, in any order. */
export function finalStatus(statuses: readonly GitHubDeploymentStatus[]): FinalStatus {
  const ordered = [...statuses].sort((a, b) => requiredTime(a.created_at, 'deployment_status.created_at') - requiredTime(b.created_at, 'deployment_status.created_at') || a.id - b.id);
  const last = ordered.filter((s) => TERMINAL.includes(s.state)).at(-1);
  if (last) return { kind: 'final', status: last.state as DeploymentStatus, at: requiredTime(last.created_at, 'deployment_status.created_at') };
  return ordered.some((s) => s.state === 'inactive') ? { kind: 'superseded' } : { kind: 'pending' };
}

export function deploymentId(id: number): string {
  return `${GITHUB}:${id}`;
}

function payloadField(d: GitHubDeployment, key: string): unknown {
  return typeof d.payload === 'object' && d.payload !== null ? d.payload[key] : undefined;
}

/** The service a deployment belongs to: the payload may name it (`{"service": "ranker"}`) in a monorepo. */
function deploymentServiceOf(ctx: RepoContext, d: GitHubDeployment): string {
  const named = payloadField(d, 'service');
  return deploymentService(ctx.settings.rules, ctx.repository, typeof named === 'string' ? named : null);
}

export function deploymentRow(ctx: RepoContext, d: GitHubDeployment, final: { status: DeploymentStatus; at: number }): DeploymentRow {
  const kind = payloadField(d, 'kind');
  const stated = DEPLOYMENT_KINDS.find((k) => k === kind);
  const rollbackOf = payloadField(d, 'rollback_of');
  return {
    deployment_id: deploymentId(d.id),
    service: deploymentServiceOf(ctx, d),
    environment: environmentName(ctx.settings, d.environment, d.production_environment === true),
    status: final.status,
    kind: stated ?? ('normal' as DeploymentKind),
    kind_derived: stated === undefined,
    started_at: requiredTime(d.created_at, 'deployment.created_at'),
    finished_at: final.at,
    commit_sha: d.sha,
    rollback_of: typeof rollbackOf === 'number' ? deploymentId(rollbackOf) : typeof rollbackOf === 'string' && rollbackOf !== '' ? rollbackOf : null,
    source: GITHUB,
  };
}

const CONCLUSIONS: Record<string, PipelineStatus> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
  skipped: 'skipped',
  neutral: 'skipped',
  stale: 'skipped',
};

export function workflowRunRow(ctx: RepoContext, run: GitHubWorkflowRun): PipelineRunRow {
  const completed = run.status === 'completed' && typeof run.conclusion === 'string' && run.conclusion in CONCLUSIONS;
  return {
    run_id: `${GITHUB}:${run.id}`,
    attempt: run.run_attempt ?? 1,
    pipeline: run.name || run.path || 'workflow',
    service: deploymentService(ctx.settings.rules, ctx.repository, null),
    status: completed ? (CONCLUSIONS[run.conclusion as string] as PipelineStatus) : 'running',
    started_at: requiredTime(run.run_started_at ?? run.created_at, 'workflow_run.run_started_at'),
    finished_at: completed ? requiredTime(run.updated_at, 'workflow_run.updated_at') : null,
    commit_sha: run.head_sha,
    source: GITHUB,
  };
}

export function pullRequestId(repository: string, n: number): string {
  return `${repository}#${n}`;
}

export function pullRequestRow(ctx: RepoContext, pr: GitHubPullRequest): PullRequestRow {
  const login = pr.user?.login ?? null;
  return {
    pr_id: pullRequestId(ctx.repository, pr.number),
    service: deploymentService(ctx.settings.rules, ctx.repository, null),
    created_at: requiredTime(pr.created_at, 'pull_request.created_at'),
    merged_at: pr.merged_at ? requiredTime(pr.merged_at, 'pull_request.merged_at') : null,
    author: login,
    is_bot: pr.user?.type === 'Bot' || (login?.endsWith('[bot]') ?? false),
    is_revert: /^Revert "/.test(pr.title),
    merge_commit: pr.merge_commit_sha ?? null,
    source: GITHUB,
  };
}

export function commitRow(service: string | null, c: GitHubCommit, pr: string | null): CommitRow {
  const authored = c.commit.author?.date ?? c.commit.committer?.date;
  if (!authored) throw new TypeError(`commit ${c.sha}: no author or committer date`);
  return {
    sha: c.sha,
    service,
    authored_at: requiredTime(authored, 'commit.author.date'),
    committed_at: c.commit.committer?.date ? requiredTime(c.commit.committer.date, 'commit.committer.date') : null,
    author: c.author?.login ?? c.commit.author?.name ?? null,
    pr,
    incident_id: incidentTrailer(c.commit.message),
    source: GITHUB,
  };
}
