/**
 * After an ingest: derives the kinds of the touched services' deployments again (kinds.ts) and the links of
 * their incidents (links.ts), and writes what changed. Runs inside the ingest's transaction, so a crash leaves
 * the previous kinds and links.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import { deriveKinds, restorations, type KindInput } from './kinds.ts';
import { causeReference, linkIncidents, type LinkIncident } from './links.ts';
import { DEPLOYMENT_KINDS, type DeploymentKind } from './model.ts';
import { num, readRows, str, strOrNull } from './read.ts';

export interface DeriveSummary {
  kindsChanged: number;
  links: number;
}

export async function deriveDelivery(
  writer: StoreWriter,
  connection: DuckDBConnection,
  scope: { services: ReadonlySet<string>; incidents: readonly string[] },
  linkWindowMs: number,
): Promise<DeriveSummary> {
  const services = [...scope.services];
  if (services.length === 0 && scope.incidents.length === 0) return { kindsChanged: 0, links: 0 };
  const deployments = (
    await readRows(
      connection,
      `SELECT deployment_id, service, epoch_ms(finished_at)::DOUBLE AS finished_at, commit_sha, kind, kind_derived, rollback_of
       FROM deployments WHERE status = 'success' AND environment = 'production' AND service IN (SELECT unnest($1::VARCHAR[]))`,
      [services],
    )
  ).map(
    (r): KindInput => ({
      deployment_id: str(r, 'deployment_id'),
      service: str(r, 'service'),
      finished_at: num(r, 'finished_at'),
      commit_sha: strOrNull(r, 'commit_sha'),
      kind: kindOf(str(r, 'kind')),
      kind_derived: r['kind_derived'] === true,
      rollback_of: strOrNull(r, 'rollback_of'),
    }),
  );

  const changed: KindInput[] = [];
  const derived = deriveKinds(deployments);
  const current = deployments.map((d) => {
    const next = derived.get(d.deployment_id);
    if (!next || (next.kind === d.kind && next.rollback_of === d.rollback_of)) return d;
    const updated = { ...d, ...next };
    changed.push(updated);
    return updated;
  });
  if (changed.length > 0) {
    await writer.execute(
      `UPDATE deployments SET kind = u.kind, rollback_of = nullif(u.rollback_of, '')
       FROM (SELECT unnest($1::VARCHAR[]) AS id, unnest($2::VARCHAR[]) AS kind, unnest($3::VARCHAR[]) AS rollback_of) u
       WHERE deployments.deployment_id = u.id`,
      [changed.map((d) => d.deployment_id), changed.map((d) => d.kind), changed.map((d) => d.rollback_of ?? '')],
    );
  }

  const incidents = (
    await readRows(
      connection,
      `SELECT incident_id, service, epoch_ms(created_at)::DOUBLE AS created_at, caused_by, source FROM incidents
       WHERE service IN (SELECT unnest($1::VARCHAR[])) OR incident_id IN (SELECT unnest($2::VARCHAR[]))`,
      [services, scope.incidents],
    )
  ).map(
    (r): LinkIncident => ({
      incident_id: str(r, 'incident_id'),
      service: strOrNull(r, 'service'),
      created_at: num(r, 'created_at'),
      caused_by: strOrNull(r, 'caused_by'),
      source: str(r, 'source'),
    }),
  );
  if (incidents.length === 0) return { kindsChanged: changed.length, links: 0 };

  const refs = [...new Set(incidents.map((i) => causeReference(i.caused_by)).filter((r): r is string => r !== null))];
  const known = await readRows(connection, 'SELECT deployment_id, service FROM deployments WHERE deployment_id IN (SELECT unnest($1::VARCHAR[]))', [refs]);
  const shas = refs.filter((r) => /^[0-9a-f]{7,64}$/i.test(r));
  const shipped = await readRows(
    connection,
    `SELECT r.ref, dc.deployment_id FROM deployment_changes dc
     JOIN (SELECT unnest($1::VARCHAR[]) AS ref) r ON starts_with(dc.commit_sha, r.ref)`,
    [shas],
  );
  const shippedBy = new Map<string, string[]>();
  for (const row of shipped) shippedBy.set(str(row, 'ref'), [...(shippedBy.get(str(row, 'ref')) ?? []), str(row, 'deployment_id')]);

  const links = linkIncidents(incidents, {
    deployments: current,
    knownDeployments: new Map(known.map((r) => [str(r, 'deployment_id'), str(r, 'service')])),
    shippedBy,
    rolledBack: new Set(restorations(current).keys()),
    windowMs: linkWindowMs,
  });
  await writer.execute('DELETE FROM incident_deployment_links WHERE incident_id IN (SELECT unnest($1::VARCHAR[]))', [incidents.map((i) => i.incident_id)]);
  await writer.appendRows('incident_deployment_links', links);
  return { kindsChanged: changed.length, links: links.length };
}

function kindOf(text: string): DeploymentKind {
  const kind = DEPLOYMENT_KINDS.find((k) => k === text);
  if (!kind) throw new TypeError(`deployments.kind: unknown kind ${JSON.stringify(text)}`);
  return kind;
}
