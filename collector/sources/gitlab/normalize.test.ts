import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings } from '../delivery/settings.ts';
import { deploymentRow, isBotName, mergeRequestRow, pipelineRow } from './normalize.ts';

const ctx = { project: 'acme/api', settings: deliverySettings(configSchema.parse({ version: 1 })) };
const rest = {
  id: 41,
  sha: 'abc',
  status: 'success',
  created_at: '2026-09-01T10:00:00.000Z',
  updated_at: '2026-09-01T10:09:00.000Z',
  environment: { name: 'prod-eu', tier: 'production' },
  deployable: { finished_at: '2026-09-01T10:07:00.000Z' },
};

describe('GitLab REST objects', () => {
  it('takes a deployment’s final status, its job’s finish time and its environment tier', () => {
    expect(deploymentRow(ctx, rest)).toMatchObject({ deployment_id: 'gitlab:41', service: 'acme/api', environment: 'production', status: 'success', finished_at: Date.parse('2026-09-01T10:07:00Z') });
    expect(deploymentRow(ctx, { ...rest, status: 'failed', deployable: null })).toMatchObject({ status: 'failure', finished_at: Date.parse('2026-09-01T10:09:00Z') });
    expect(deploymentRow(ctx, { ...rest, status: 'canceled' })).toBeNull();
    expect(deploymentRow(ctx, { ...rest, status: 'running' })).toBeNull();
  });

  it('maps pipeline statuses, unfinished ones to running', () => {
    const base = { id: 9, sha: 'abc', name: null, created_at: '2026-09-01T10:00:00Z', updated_at: '2026-09-01T10:05:00Z' };
    expect(pipelineRow(ctx, { ...base, status: 'failed' })).toMatchObject({ status: 'failure', finished_at: Date.parse('2026-09-01T10:05:00Z'), attempt: 1, pipeline: 'pipeline' });
    expect(pipelineRow(ctx, { ...base, status: 'canceled' }).status).toBe('cancelled');
    expect(pipelineRow(ctx, { ...base, status: 'manual' })).toMatchObject({ status: 'running', finished_at: null });
  });

  it('recognizes bots and reverts in merge requests', () => {
    expect(isBotName('project_12_bot_3f2a')).toBe(true);
    expect(isBotName('group_3_bot')).toBe(true);
    expect(isBotName('renovate-bot')).toBe(true);
    expect(isBotName('dependabot[bot]')).toBe(true);
    expect(isBotName('abbott')).toBe(false);
    expect(isBotName(null)).toBe(false);
    const mr = { iid: 3, title: 'Revert "Add cache"', author: { username: 'dev' }, created_at: '2026-09-01T10:00:00Z', updated_at: '2026-09-01T11:00:00Z', merged_at: '2026-09-01T11:00:00Z', merge_commit_sha: null, squash_commit_sha: 'sq1' };
    expect(mergeRequestRow(ctx, mr)).toMatchObject({ pr_id: 'acme/api!3', is_revert: true, is_bot: false, merge_commit: 'sq1' });
  });
});
