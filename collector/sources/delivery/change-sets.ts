/**
 * The commits each successful production deployment shipped, for a connector that can list the commits between
 * two revisions (GitHub and GitLab compare): the previous successful production deployment of the same service
 * is the base. The first deployment of a service has no base: its change set stays unknown. Computed for
 * deployments without a change set, for the ones the current sync wrote and for their successors (whose base
 * may have changed); one transaction per deployment, with the cursor.
 */
import type { Store } from '../../store/db.ts';
import type { StoreWriter } from '../../store/writer.ts';
import { readCursor, writeCursor } from './cursors.ts';
import { emptyBatch, type CommitRow, type DeliveryBatch } from './model.ts';
import { previousSuccessful } from './previous.ts';
import { num, readRows, str, strOrNull } from './read.ts';

export interface ChangeSetTarget {
  deployment_id: string;
  service: string;
  base: string;
  head: string;
}

export interface ChangeSetOptions {
  store: Store;
  writer: StoreWriter;
  source: string;
  /** The repository or project: the cursor's scope. */
  scope: string;
  /** The services deployed from it. */
  services: readonly string[];
  /** Deployments written by the current sync. */
  written: ReadonlySet<string>;
  /** The commits of head not in base, for the target's service; null when the revisions cannot be compared. */
  commitsBetween(target: ChangeSetTarget): Promise<CommitRow[] | null>;
  write(batch: DeliveryBatch): Promise<void>;
  warn(message: string): void;
  now(): number;
}

interface ChangesState {
  /** Deployments whose compare is done but gave no rows (nothing new, a rollback, or an unreachable commit). */
  settled: string[];
}

export async function computeChangeSets(o: ChangeSetOptions): Promise<number> {
  const cursor = await readCursor<ChangesState>(o.store.connection, o.source, o.scope, 'changes', { settled: [] });
  const settled = new Set(cursor.state.settled);
  const rows = await readRows(
    o.store.connection,
    `SELECT d.deployment_id, d.service, epoch_ms(d.finished_at)::DOUBLE AS finished_at, d.commit_sha,
            EXISTS (SELECT 1 FROM deployment_changes c WHERE c.deployment_id = d.deployment_id) AS has_changes
     FROM deployments d
     WHERE d.source = $1 AND d.status = 'success' AND d.environment = 'production' AND d.commit_sha IS NOT NULL
       AND d.service IN (SELECT unnest($2::VARCHAR[]))`,
    [o.source, o.services],
  );
  const deployments = rows.map((r) => ({
    deployment_id: str(r, 'deployment_id'),
    service: str(r, 'service'),
    environment: 'production',
    status: 'success',
    finished_at: num(r, 'finished_at'),
    commit_sha: strOrNull(r, 'commit_sha') ?? '',
    has_changes: r['has_changes'] === true,
  }));
  const byId = new Map(deployments.map((d) => [d.deployment_id, d]));
  const previous = previousSuccessful(deployments);
  const todo = deployments
    .filter((d) => {
      const prev = previous.get(d.deployment_id) ?? null;
      return prev !== null && (o.written.has(d.deployment_id) || o.written.has(prev) || (!d.has_changes && !settled.has(d.deployment_id)));
    })
    .sort((a, b) => a.finished_at - b.finished_at);

  for (const d of todo) {
    const base = byId.get(previous.get(d.deployment_id) as string)?.commit_sha as string;
    const commits = base === d.commit_sha ? [] : await o.commitsBetween({ deployment_id: d.deployment_id, service: d.service, base, head: d.commit_sha });
    const batch = emptyBatch();
    if (commits === null) {
      o.warn(`${o.scope}: cannot compare ${base.slice(0, 12)}...${d.commit_sha.slice(0, 12)} (a commit is gone): the change set of ${d.deployment_id} stays unknown`);
      settled.add(d.deployment_id);
    } else {
      batch.changeSets.push({ deployment_id: d.deployment_id, commit_shas: commits.map((c) => c.sha), source: o.source });
      batch.commits.push(...commits);
      if (commits.length === 0) settled.add(d.deployment_id);
      else settled.delete(d.deployment_id);
    }
    await o.writer.transaction(async () => {
      await o.write(batch);
      await writeCursor(o.writer, o.source, o.scope, 'changes', { state: { settled: [...settled] }, etag: null }, o.now());
    });
  }
  return todo.length;
}
