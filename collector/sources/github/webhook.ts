/**
 * GitHub webhook deliveries → delivery rows (pure): deployment_status, workflow_run, pull_request, push. Other
 * events (ping, deployment without a status yet, …) are stored raw only, with the reason.
 */
import { emptyBatch, type Normalized } from '../delivery/model.ts';
import type { DeliverySettings } from '../delivery/settings.ts';
import { pushedCommitRow } from '../delivery/pushed-commit.ts';
import { deploymentRow, finalStatus, GITHUB, pullRequestRow, workflowRunRow, type RepoContext } from './normalize.ts';
import { webhookSchemas } from './schemas.ts';

export function normalizeGitHubEvent(event: string, payload: unknown, settings: DeliverySettings): Normalized {
  const batch = emptyBatch();
  const skip = (reason: string): Normalized => ({ batch, skipped: reason });
  switch (event) {
    case 'deployment_status': {
      const p = webhookSchemas.deployment_status.parse(payload);
      const ctx: RepoContext = { repository: p.repository.full_name, settings };
      const final = finalStatus([p.deployment_status]);
      if (final.kind === 'superseded') return skip('inactive: a later deployment superseded this one; its final status stays');
      if (final.kind === 'pending') return skip(`status ${p.deployment_status.state} is not final`);
      batch.deployments.push(deploymentRow(ctx, p.deployment, final));
      return { batch, skipped: null };
    }
    case 'workflow_run': {
      const p = webhookSchemas.workflow_run.parse(payload);
      batch.pipelineRuns.push(workflowRunRow({ repository: p.repository.full_name, settings }, p.workflow_run));
      return { batch, skipped: null };
    }
    case 'pull_request': {
      const p = webhookSchemas.pull_request.parse(payload);
      batch.pullRequests.push(pullRequestRow({ repository: p.repository.full_name, settings }, p.pull_request));
      return { batch, skipped: null };
    }
    case 'push': {
      const p = webhookSchemas.push.parse(payload);
      for (const c of p.commits) batch.commits.push(pushedCommitRow(c, p.repository.full_name, c.author?.username ?? c.author?.name ?? null, settings, GITHUB));
      return p.commits.length > 0 ? { batch, skipped: null } : skip('a push without commits');
    }
    default:
      return skip(`${event} events carry no delivery data Pulse reads`);
  }
}
