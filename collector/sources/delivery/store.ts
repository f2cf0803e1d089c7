/**
 * Writes delivery batches: raw events once per (source, delivery_id), normalized rows upserted by natural key
 * (the newest version of a deployment, incident, … replaces the older one), and a deployment's change set
 * replaced as a whole. Call inside writer.transaction().
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import type { CommitRow, DeliveryBatch, RawEventRow } from './model.ts';
import { readRows, str } from './read.ts';
import type { ServiceRule } from './services.ts';

export interface WriteSummary {
  /** Rows written to the normalized tables (raw events not counted). */
  rows: number;
  rawInserted: number;
  /** Services whose deployments or incidents changed: their kinds and links need deriving again. */
  services: Set<string>;
  /** Incidents written (links are derived for them even without a service). */
  incidents: string[];
}

/** The delivery ids of a source that are already stored. */
export async function storedDeliveries(connection: DuckDBConnection, source: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await readRows(connection, 'SELECT delivery_id FROM raw_events WHERE source = $1 AND delivery_id IN (SELECT unnest($2::VARCHAR[]))', [source, ids]);
  return new Set(rows.map((r) => str(r, 'delivery_id')));
}

export async function writeBatch(writer: StoreWriter, connection: DuckDBConnection, batch: DeliveryBatch): Promise<WriteSummary> {
  const rawInserted = await insertRaw(writer, connection, batch.raw);
  let rows = 0;
  const deployments = lastBy(batch.deployments, (d) => d.deployment_id);
  rows += await upsert(writer, 'deployments', 'deployment_id', deployments, (d) => d.deployment_id);
  rows += await mergeCommits(writer, lastBy(batch.commits, (c) => c.sha));
  const changeSets = lastBy(batch.changeSets, (c) => c.deployment_id);
  if (changeSets.length > 0) {
    await writer.execute('DELETE FROM deployment_changes WHERE deployment_id IN (SELECT unnest($1::VARCHAR[]))', [changeSets.map((c) => c.deployment_id)]);
    const changes = changeSets.flatMap((set) => [...new Set(set.commit_shas)].map((sha) => ({ deployment_id: set.deployment_id, commit_sha: sha, source: set.source })));
    rows += await writer.appendRows('deployment_changes', changes);
  }
  rows += await upsert(writer, 'pull_requests', 'pr_id', lastBy(batch.pullRequests, (p) => p.pr_id), (p) => p.pr_id);
  const runKey = (r: { run_id: string; attempt: number }): string => `${r.run_id}#${r.attempt}`;
  rows += await upsert(writer, 'pipeline_runs', "run_id || '#' || attempt", lastBy(batch.pipelineRuns, runKey), runKey);
  const incidents = lastBy(batch.incidents, (i) => i.incident_id);
  rows += await upsert(writer, 'incidents', 'incident_id', incidents, (i) => i.incident_id);
  const ackKey = (a: { fingerprint: string; starts_at: number; acked_at: number }): string => `${a.fingerprint}|${a.starts_at}|${a.acked_at}`;
  rows += await upsert(writer, 'alert_acks', "fingerprint || '|' || epoch_ms(starts_at) || '|' || epoch_ms(acked_at)", lastBy(batch.alertAcks, ackKey), ackKey);

  const services = new Set<string>();
  for (const d of deployments) services.add(d.service);
  for (const i of incidents) if (i.service !== null) services.add(i.service);
  return { rows, rawInserted, services, incidents: incidents.map((i) => i.incident_id) };
}

async function insertRaw(writer: StoreWriter, connection: DuckDBConnection, raw: readonly RawEventRow[]): Promise<number> {
  let inserted = 0;
  for (const source of new Set(raw.map((r) => r.source))) {
    const mine = lastBy(
      raw.filter((r) => r.source === source),
      (r) => r.delivery_id,
    );
    const stored = await storedDeliveries(
      connection,
      source,
      mine.map((r) => r.delivery_id),
    );
    inserted += await writer.appendRows(
      'raw_events',
      mine.filter((r) => !stored.has(r.delivery_id)),
    );
  }
  return inserted;
}

/**
 * Commits arrive from several places (a deployment's compare, a pull request's commits, push events): a newer
 * row fills in what it knows and keeps what it does not (the pull request of a commit seen first in a compare).
 */
async function mergeCommits(writer: StoreWriter, rows: readonly CommitRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await writer.execute('CREATE TEMP TABLE IF NOT EXISTS commits_incoming AS SELECT * FROM commits LIMIT 0');
  await writer.execute('DELETE FROM commits_incoming');
  await writer.appendRows('commits_incoming', rows);
  await writer.execute(
    `INSERT INTO commits BY NAME SELECT * FROM commits_incoming
     ON CONFLICT (sha) DO UPDATE SET
       service = coalesce(excluded.service, commits.service),
       authored_at = excluded.authored_at,
       committed_at = coalesce(excluded.committed_at, commits.committed_at),
       author = coalesce(excluded.author, commits.author),
       pr = coalesce(excluded.pr, commits.pr),
       incident_id = coalesce(excluded.incident_id, commits.incident_id),
       source = excluded.source`,
  );
  return rows.length;
}

/** Deletes the rows with the same key, then appends: an upsert through the appender. */
async function upsert<T extends Record<string, unknown>>(writer: StoreWriter, table: string, keyExpr: string, rows: readonly T[], key: (row: T) => string): Promise<number> {
  if (rows.length === 0) return 0;
  await writer.execute(`DELETE FROM ${table} WHERE ${keyExpr} IN (SELECT unnest($1::VARCHAR[]))`, [rows.map(key)]);
  return writer.appendRows(table, rows);
}

/** One row per key, the last one given winning (a later event supersedes an earlier one). */
function lastBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    map.delete(k);
    map.set(k, row);
  }
  return [...map.values()];
}

/** Writes the configured services (name, repository, path globs, team) so KPIs can group by team. */
export async function upsertServices(writer: StoreWriter, rules: readonly ServiceRule[]): Promise<number> {
  const rows = lastBy(rules, (r) => r.name).map((r) => ({ service: r.name, team: r.team, repository: r.repository, path_globs: r.paths.length > 0 ? [...r.paths] : null }));
  return upsert(writer, 'services', 'service', rows, (r) => r.service);
}
