import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings } from '../delivery/settings.ts';
import { normalizeGitHubEvent } from './webhook.ts';

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];
const example = (name: string, pick: (e: Record<string, unknown>) => boolean = () => true): Record<string, unknown> => {
  const found = examples.find((d) => d.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return found;
};
const settings = deliverySettings(configSchema.parse({ version: 1, delivery: { services: [{ name: 'hello', repository: 'Codertocat/Hello-World', team: 'octo' }] } }));

describe('normalizeGitHubEvent on @octokit/webhooks-examples', () => {
  it('turns a successful deployment_status into a production deployment of the configured service', () => {
    const { batch, skipped } = normalizeGitHubEvent('deployment_status', example('deployment_status'), settings);
    expect(skipped).toBeNull();
    expect(batch.deployments).toEqual([
      {
        deployment_id: 'github:145988746',
        service: 'hello',
        environment: 'production',
        status: 'success',
        kind: 'normal',
        kind_derived: true,
        started_at: Date.parse('2019-05-15T15:20:53Z'),
        finished_at: Date.parse('2019-05-15T15:20:55Z'),
        commit_sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        rollback_of: null,
        source: 'github',
      },
    ]);
  });

  it('keeps a superseded (inactive) or unfinished status out of the deployments', () => {
    const base = example('deployment_status');
    const status = base['deployment_status'] as Record<string, unknown>;
    expect(normalizeGitHubEvent('deployment_status', { ...base, deployment_status: { ...status, state: 'inactive' } }, settings).skipped).toMatch(/^inactive/);
    expect(normalizeGitHubEvent('deployment_status', { ...base, deployment_status: { ...status, state: 'in_progress' } }, settings).skipped).toBe('status in_progress is not final');
  });

  it('reads workflow runs: completed runs with their conclusion, the others running', () => {
    const done = normalizeGitHubEvent('workflow_run', example('workflow_run', (e) => (e['workflow_run'] as { status: string }).status === 'completed'), settings);
    expect(done.batch.pipelineRuns[0]).toMatchObject({ run_id: 'github:289782451', attempt: 1, pipeline: '.github/workflows/test.yml', status: 'success', service: 'octo-org/octo-repo' }); // an unconfigured repository is its own service
    const queued = normalizeGitHubEvent('workflow_run', example('workflow_run', (e) => (e['workflow_run'] as { status: string }).status === 'queued'), settings);
    expect(queued.batch.pipelineRuns[0]).toMatchObject({ status: 'running', finished_at: null });
  });

  it('reads pull requests, merged or not', () => {
    const { batch } = normalizeGitHubEvent('pull_request', example('pull_request', (e) => e['action'] === 'closed'), settings);
    expect(batch.pullRequests[0]).toMatchObject({ pr_id: 'Codertocat/Hello-World#2', merged_at: null, author: 'Codertocat', is_bot: false, is_revert: false });
  });

  it('reads the commits of pushes and skips what carries no delivery data', () => {
    const withCommits = examples.find((d) => d.name === 'push')?.examples.find((e) => (e['commits'] as unknown[]).length > 0);
    if (withCommits) {
      const { batch } = normalizeGitHubEvent('push', withCommits, settings);
      expect(batch.commits.length).toBe((withCommits['commits'] as unknown[]).length);
    }
    expect(normalizeGitHubEvent('push', example('push'), settings).skipped).toBe('a push without commits');
    expect(normalizeGitHubEvent('ping', example('ping'), settings).skipped).toBe('ping events carry no delivery data Pulse reads');
  });

  it('names the missing field of a payload it cannot read', () => {
    expect(() => normalizeGitHubEvent('deployment_status', { repository: { full_name: 'a/b' } }, settings)).toThrow(/deployment/);
  });
});
