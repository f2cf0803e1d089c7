/**
 * GitLab webhook payloads → delivery rows (pure): deployment, pipeline, merge_request, push. Tolerates what
 * older GitLab versions leave out: without `deployment_id` the deployment is keyed by its job
 * (`deployable_id`), without `status_changed_at` it finished when the hook was received.
 */
import { emptyBatch, type Normalized } from '../delivery/model.ts';
import type { DeliverySettings } from '../delivery/settings.ts';
import { optionalTime, requiredTime } from '../delivery/time.ts';
import { pushedCommitRow } from '../delivery/pushed-commit.ts';
import { deploymentRowOf, deploymentStatus, GITLAB, mergeRequestId, pipelineRow, serviceOf, type ProjectContext } from './normalize.ts';
import { webhookSchemas } from './schemas.ts';

/** The hook's `object_kind` (X-Gitlab-Event names the same thing in words). */
export function normalizeGitLabEvent(kind: string, payload: unknown, settings: DeliverySettings, receivedAt: number): Normalized {
  const batch = emptyBatch();
  const skip = (reason: string): Normalized => ({ batch, skipped: reason });
  switch (kind) {
    case 'deployment': {
      const p = webhookSchemas.deployment.parse(payload);
      const ctx: ProjectContext = { project: p.project.path_with_namespace, settings };
      const status = deploymentStatus(p.status);
      if (status === null) return skip(`status ${p.status} is not final`);
      const key = p.deployment_id ?? null;
      if (key === null && (p.deployable_id ?? null) === null) return skip('neither deployment_id nor deployable_id: the deployment cannot be identified');
      const sha = /\/commit\/([0-9a-f]{7,64})$/.exec(p.commit_url ?? '')?.[1] ?? p.short_sha ?? null;
      if (sha === null) return skip('no commit (commit_url, short_sha)');
      batch.deployments.push(
        deploymentRowOf(ctx, {
          id: key !== null ? `${GITLAB}:${key}` : `${GITLAB}:job:${p.deployable_id}`,
          status,
          environment: p.environment,
          tier: p.environment_tier ?? null,
          sha,
          started_at: null,
          finished_at: optionalTime(p.status_changed_at, 'status_changed_at') ?? receivedAt,
        }),
      );
      return { batch, skipped: null };
    }
    case 'pipeline': {
      const p = webhookSchemas.pipeline.parse(payload);
      batch.pipelineRuns.push(pipelineRow({ project: p.project.path_with_namespace, settings }, p.object_attributes));
      return { batch, skipped: null };
    }
    case 'merge_request': {
      const p = webhookSchemas.merge_request.parse(payload);
      const mr = p.object_attributes;
      const ctx: ProjectContext = { project: p.project.path_with_namespace, settings };
      const merged = mr.state === 'merged' || mr.action === 'merge';
      batch.pullRequests.push({
        pr_id: mergeRequestId(ctx.project, mr.iid),
        service: serviceOf(ctx),
        created_at: requiredTime(mr.created_at, 'object_attributes.created_at'),
        merged_at: merged ? requiredTime(mr.updated_at, 'object_attributes.updated_at') : null,
        // The hook names the user who acted, not the author: `pulse sync gitlab` fills the author in.
        author: null,
        is_bot: false,
        is_revert: /^Revert "/.test(mr.title),
        merge_commit: mr.merge_commit_sha ?? null,
        source: GITLAB,
      });
      return { batch, skipped: null };
    }
    case 'push': {
      const p = webhookSchemas.push.parse(payload);
      for (const c of p.commits) batch.commits.push(pushedCommitRow(c, p.project.path_with_namespace, c.author?.name ?? null, settings, GITLAB));
      return p.commits.length > 0 ? { batch, skipped: null } : skip('a push without commits');
    }
    default:
      return skip(`${kind} hooks carry no delivery data Pulse reads`);
  }
}
