import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings } from '../delivery/settings.ts';
import { normalizeGitLabEvent } from './webhook.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'delivery', 'gitlab-webhooks');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
// The fixture deploys to "staging": configured here as a production name, to show the mapping.
const settings = deliverySettings(configSchema.parse({ version: 1, delivery: { production_environments: ['production', 'staging'] } }));
const RECEIVED = Date.parse('2026-09-01T12:00:00Z');

describe('normalizeGitLabEvent on the go-gitlab fixtures', () => {
  it('reads a deployment hook with its offset timestamp and the full sha from commit_url', () => {
    const { batch, skipped } = normalizeGitLabEvent('deployment', fixture('deployment'), settings, RECEIVED);
    expect(skipped).toBeNull();
    expect(batch.deployments).toEqual([
      {
        deployment_id: 'gitlab:15',
        service: 'root/test-deployment-webhooks',
        environment: 'production',
        status: 'success',
        kind: 'normal',
        kind_derived: true,
        started_at: null,
        finished_at: Date.UTC(2021, 3, 28, 19, 50),
        commit_sha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
        rollback_of: null,
        source: 'gitlab',
      },
    ]);
  });

  it('tolerates a deployment hook without deployment_id and status_changed_at', () => {
    const { deployment_id: _id, status_changed_at: _at, ...old } = fixture('deployment');
    const { batch } = normalizeGitLabEvent('deployment', old, settings, RECEIVED);
    expect(batch.deployments[0]).toMatchObject({ deployment_id: 'gitlab:job:796', finished_at: RECEIVED });
    const { deployable_id: _job, ...anonymous } = old;
    expect(normalizeGitLabEvent('deployment', anonymous, settings, RECEIVED).skipped).toBe('neither deployment_id nor deployable_id: the deployment cannot be identified');
    expect(normalizeGitLabEvent('deployment', { ...fixture('deployment'), status: 'running' }, settings, RECEIVED).skipped).toBe('status running is not final');
  });

  it('reads a pipeline hook with "UTC" timestamps', () => {
    const { batch } = normalizeGitLabEvent('pipeline', fixture('pipeline'), settings, RECEIVED);
    expect(batch.pipelineRuns).toEqual([
      {
        run_id: 'gitlab:31',
        attempt: 1,
        pipeline: 'pipeline',
        service: 'gitlab-org/gitlab-test',
        status: 'success',
        started_at: Date.UTC(2016, 7, 12, 15, 23, 28),
        finished_at: Date.UTC(2016, 7, 12, 15, 26, 29),
        commit_sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
        source: 'gitlab',
      },
    ]);
  });

  it('reads merge requests (open here) and the commits of a push', () => {
    const mr = normalizeGitLabEvent('merge_request', fixture('merge_request'), settings, RECEIVED);
    expect(mr.batch.pullRequests[0]).toMatchObject({ pr_id: 'gitlabhq/gitlab-test!1', merged_at: null, created_at: Date.UTC(2013, 11, 3, 17, 23, 34) });
    const merged = fixture('merge_request');
    const attrs = merged['object_attributes'] as Record<string, unknown>;
    expect(normalizeGitLabEvent('merge_request', { ...merged, object_attributes: { ...attrs, state: 'merged', action: 'merge' } }, settings, RECEIVED).batch.pullRequests[0]?.merged_at).toBe(Date.UTC(2013, 11, 3, 17, 23, 34));
    const push = normalizeGitLabEvent('push', fixture('push'), settings, RECEIVED);
    expect(push.batch.commits.map((c) => [c.sha.slice(0, 7), c.authored_at])).toEqual([
      ['b6568db', Date.UTC(2011, 11, 12, 12, 27, 31)],
      ['da15608', Date.UTC(2012, 0, 3, 21, 36, 29)],
    ]);
  });

  it('skips the hooks that carry no delivery data', () => {
    expect(normalizeGitLabEvent('build', fixture('job'), settings, RECEIVED).skipped).toBe('build hooks carry no delivery data Pulse reads');
    expect(normalizeGitLabEvent('tag_push', fixture('tag_push'), settings, RECEIVED).skipped).toBe('tag_push hooks carry no delivery data Pulse reads');
  });
});
