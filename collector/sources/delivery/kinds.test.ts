import { describe, expect, it } from 'vitest';
import { deriveKinds, restorations, type KindInput } from './kinds.ts';

const H = 3_600_000;
function dep(id: string, hour: number, sha: string | null, extra: Partial<KindInput> = {}): KindInput {
  return { deployment_id: id, service: 'svc', finished_at: hour * H, commit_sha: sha, kind: 'normal', kind_derived: true, rollback_of: null, ...extra };
}

describe('deriveKinds', () => {
  it('calls a redeploy of the live commit a redeploy and of an earlier commit a rollback of the live deployment', () => {
    const kinds = deriveKinds([dep('d1', 1, 'a'), dep('d2', 2, 'b'), dep('d3', 3, 'b'), dep('d4', 4, 'a'), dep('d5', 5, 'c')]);
    expect(kinds.get('d1')).toEqual({ kind: 'normal', rollback_of: null });
    expect(kinds.get('d3')).toEqual({ kind: 'redeploy', rollback_of: null });
    expect(kinds.get('d4')).toEqual({ kind: 'rollback', rollback_of: 'd3' });
    expect(kinds.get('d5')).toEqual({ kind: 'normal', rollback_of: null });
  });

  it('orders by finish time whatever the input order, keeps stated kinds, and never crosses services', () => {
    const kinds = deriveKinds([
      dep('d3', 3, 'a'),
      dep('d1', 1, 'a'),
      dep('d2', 2, 'b', { kind: 'hotfix', kind_derived: false }),
      { ...dep('x1', 2.5, 'a'), service: 'other' },
    ]);
    expect(kinds.get('d3')?.kind).toBe('rollback');
    expect(kinds.has('d2')).toBe(false);
    expect(kinds.get('x1')?.kind).toBe('normal');
  });

  it('leaves deployments without a commit normal', () => {
    expect(deriveKinds([dep('d1', 1, null), dep('d2', 2, null)]).get('d2')?.kind).toBe('normal');
  });
});

describe('restorations', () => {
  it('restores every deployment between the earlier deployment of the commit and the rollback', () => {
    const r = restorations([dep('d1', 1, 'a'), dep('d2', 2, 'b'), dep('d3', 3, 'c'), dep('r', 4, 'a', { kind: 'rollback' }), dep('d5', 5, 'd')]);
    expect([...r.keys()].sort()).toEqual(['d2', 'd3']);
    expect(r.get('d2')).toEqual({ by: 'r', restored_at: 4 * H });
  });

  it('restores the deployment a rollback or hotfix names, but not from the past', () => {
    const r = restorations([dep('d1', 1, 'a'), dep('h', 2, 'b', { kind: 'hotfix', rollback_of: 'd1' }), dep('d3', 3, 'c'), dep('old', 0.5, 'z', { kind: 'hotfix', rollback_of: 'd3' })]);
    expect(r.get('d1')).toEqual({ by: 'h', restored_at: 2 * H });
    expect(r.has('d3')).toBe(false);
  });

  it('keeps the earliest restoration when two rollbacks cover a deployment', () => {
    const r = restorations([dep('d1', 1, 'a'), dep('d2', 2, 'b'), dep('r1', 3, 'a', { kind: 'rollback', rollback_of: 'd2' }), dep('r2', 4, 'a', { kind: 'rollback', rollback_of: 'd2' })]);
    expect(r.get('d2')).toEqual({ by: 'r1', restored_at: 3 * H });
  });
});
