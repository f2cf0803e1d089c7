/**
 * Deployment kinds and rollbacks (METRICS.md, Delivery), over the successful production deployments of each
 * service in the order they finished. Pure.
 *
 * - A deployment of the commit that is already live is a `redeploy`.
 * - A deployment of an earlier commit of the same service (deployed before, but not the live one) is a
 *   `rollback` of the live deployment it replaced.
 * - A rollback restores every deployment between the earlier deployment of its commit and itself: those were
 *   rolled back. A rollback or hotfix that names a deployment (`rollback_of`) restores that one too.
 * Kinds the source stated (kind_derived false) are kept as they are.
 */
import type { DeploymentKind } from './model.ts';

export interface KindInput {
  deployment_id: string;
  service: string;
  finished_at: number;
  commit_sha: string | null;
  kind: DeploymentKind;
  kind_derived: boolean;
  rollback_of: string | null;
}

export interface DerivedKind {
  kind: DeploymentKind;
  rollback_of: string | null;
}

export interface Restoration {
  /** The rollback or hotfix deployment that restored it. */
  by: string;
  restored_at: number;
}

/** Groups by service, each in finishing order (ties by id, so the order is total). */
export function byService<T extends { service: string; finished_at: number; deployment_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row.service);
    if (list) list.push(row);
    else groups.set(row.service, [row]);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.finished_at - b.finished_at || (a.deployment_id < b.deployment_id ? -1 : a.deployment_id > b.deployment_id ? 1 : 0));
  }
  return groups;
}

/** The kind of every deployment whose kind Pulse derives. */
export function deriveKinds(deployments: readonly KindInput[]): Map<string, DerivedKind> {
  const out = new Map<string, DerivedKind>();
  for (const list of byService(deployments).values()) {
    const lastOfCommit = new Map<string, number>();
    list.forEach((d, k) => {
      if (d.kind_derived) {
        const j = d.commit_sha === null ? undefined : lastOfCommit.get(d.commit_sha);
        if (j === undefined) out.set(d.deployment_id, { kind: 'normal', rollback_of: null });
        else if (j === k - 1) out.set(d.deployment_id, { kind: 'redeploy', rollback_of: null });
        else out.set(d.deployment_id, { kind: 'rollback', rollback_of: (list[k - 1] as KindInput).deployment_id });
      }
      if (d.commit_sha !== null) lastOfCommit.set(d.commit_sha, k);
    });
  }
  return out;
}

/** Deployments that were rolled back (or fixed by a hotfix naming them), with the earliest restoration. */
export function restorations(deployments: readonly KindInput[]): Map<string, Restoration> {
  const out = new Map<string, Restoration>();
  const restore = (id: string, by: KindInput, finishedAt: number): void => {
    const known = out.get(id);
    if (by.finished_at > finishedAt && (!known || by.finished_at < known.restored_at)) out.set(id, { by: by.deployment_id, restored_at: by.finished_at });
  };
  for (const list of byService(deployments).values()) {
    const index = new Map(list.map((d, k) => [d.deployment_id, k]));
    const lastOfCommit = new Map<string, number>();
    list.forEach((r, k) => {
      if (r.kind === 'rollback' && r.commit_sha !== null) {
        const j = lastOfCommit.get(r.commit_sha);
        if (j !== undefined) for (let m = j + 1; m < k; m++) restore((list[m] as KindInput).deployment_id, r, (list[m] as KindInput).finished_at);
      }
      if ((r.kind === 'rollback' || r.kind === 'hotfix') && r.rollback_of !== null) {
        const m = index.get(r.rollback_of);
        if (m !== undefined) restore(r.rollback_of, r, (list[m] as KindInput).finished_at);
      }
      if (r.commit_sha !== null) lastOfCommit.set(r.commit_sha, k);
    });
  }
  return out;
}
