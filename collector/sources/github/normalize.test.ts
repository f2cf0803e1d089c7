import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { deliverySettings } from '../delivery/settings.ts';
import { deploymentRow, finalStatus, pullRequestRow } from './normalize.ts';

const status = (id: number, state: string, at: string): { id: number; state: string; created_at: string } => ({ id, state, created_at: at });

describe('finalStatus', () => {
  it('takes the newest terminal status in any order, inactive meaning superseded', () => {
    expect(finalStatus([status(3, 'inactive', '2026-09-03T00:00:00Z'), status(1, 'in_progress', '2026-09-01T00:00:00Z'), status(2, 'success', '2026-09-02T00:00:00Z')])).toEqual({
      kind: 'final',
      status: 'success',
      at: Date.parse('2026-09-02T00:00:00Z'),
    });
    expect(finalStatus([status(1, 'failure', '2026-09-01T00:00:00Z'), status(2, 'error', '2026-09-01T00:00:00Z')])).toMatchObject({ status: 'error' });
    expect(finalStatus([status(1, 'inactive', '2026-09-01T00:00:00Z')])).toEqual({ kind: 'superseded' });
    expect(finalStatus([status(1, 'queued', '2026-09-01T00:00:00Z')])).toEqual({ kind: 'pending' });
    expect(finalStatus([])).toEqual({ kind: 'pending' });
  });
});

describe('GitHub rows', () => {
  const ctx = {
    repository: 'acme/search',
    settings: deliverySettings(configSchema.parse({ version: 1, delivery: { services: [{ name: 'ranker', repository: 'acme/search', paths: ['ranker/**'] }, { name: 'embedder', repository: 'acme/search', paths: ['embedder/**'] }] } })),
  };
  const d = { id: 7, sha: 'abc', environment: 'prod', created_at: '2026-09-01T10:00:00Z' };

  it('reads the service, the kind and the rollback a deployment payload states', () => {
    const row = deploymentRow(ctx, { ...d, payload: { service: 'embedder', kind: 'rollback', rollback_of: 6 } }, { status: 'success', at: 1 });
    expect(row).toMatchObject({ service: 'embedder', environment: 'production', kind: 'rollback', kind_derived: false, rollback_of: 'github:6' });
    expect(deploymentRow(ctx, { ...d, payload: {} }, { status: 'success', at: 1 })).toMatchObject({ service: 'acme/search', kind: 'normal', kind_derived: true });
    expect(deploymentRow(ctx, { ...d, environment: 'staging', production_environment: true }, { status: 'failure', at: 1 }).environment).toBe('production');
  });

  it('recognizes bots and reverts', () => {
    const pr = { number: 5, title: 'Revert "x"', user: { login: 'renovate[bot]', type: 'Bot' }, created_at: '2026-09-01T00:00:00Z', updated_at: '2026-09-01T01:00:00Z', merged_at: '2026-09-01T01:00:00Z' };
    expect(pullRequestRow(ctx, pr)).toMatchObject({ pr_id: 'acme/search#5', is_bot: true, is_revert: true, merged_at: Date.parse('2026-09-01T01:00:00Z'), merge_commit: null });
  });
});
