/**
 * Incident ↔ deployment links (METRICS.md, Delivery), first rule that applies wins:
 *  1. explicit: the incident names the deployment (`caused_by` = deployment id), or a commit
 *     (`caused_by` = sha, also written `root cause: <sha>`): the first successful production deployment of the
 *     service that shipped it;
 *  2. rollback: the deployment live when the incident was created was later rolled back or fixed;
 *  3. window: the deployment live when the incident was created finished within `link_window` before it.
 * Never across services; an incident without a service gets explicit links only. A reference that names
 * nothing known, or a deployment of another service, is no explicit link: the next rules apply. Pure.
 */
import type { LinkRow } from './model.ts';

export interface LinkDeployment {
  deployment_id: string;
  service: string;
  finished_at: number;
  commit_sha: string | null;
}

export interface LinkIncident {
  incident_id: string;
  service: string | null;
  created_at: number;
  caused_by: string | null;
  source: string;
}

export interface LinkContext {
  /** Successful production deployments, any order. */
  deployments: readonly LinkDeployment[];
  /** Every deployment id known (any status or environment) with its service: explicit links may name any. */
  knownDeployments: ReadonlyMap<string, string>;
  /** Deployment ids that shipped each commit (from deployment_changes), for `caused_by` = sha. */
  shippedBy: ReadonlyMap<string, readonly string[]>;
  /** Deployments that were rolled back or fixed (kinds.ts restorations). */
  rolledBack: ReadonlySet<string>;
  windowMs: number;
}

const CONFIDENCE = { explicit: 1, rollback: 0.8, window: 0.5 } as const;

export function linkIncidents(incidents: readonly LinkIncident[], context: LinkContext): LinkRow[] {
  const byService = new Map<string, LinkDeployment[]>();
  for (const d of context.deployments) {
    const list = byService.get(d.service) ?? [];
    list.push(d);
    byService.set(d.service, list);
  }
  for (const list of byService.values()) list.sort((a, b) => a.finished_at - b.finished_at || a.deployment_id.localeCompare(b.deployment_id));
  const successful = new Map(context.deployments.map((d) => [d.deployment_id, d]));

  const links: LinkRow[] = [];
  for (const incident of incidents) {
    const link = (deployment_id: string, method: LinkRow['method']): void => {
      links.push({ incident_id: incident.incident_id, deployment_id, method, confidence: CONFIDENCE[method], source: incident.source });
    };
    const explicit = explicitTarget(incident, context, byService, successful);
    if (explicit !== null) {
      link(explicit, 'explicit');
      continue;
    }
    if (incident.service === null) continue;
    const live = liveAt(byService.get(incident.service) ?? [], incident.created_at);
    if (!live) continue;
    if (context.rolledBack.has(live.deployment_id)) link(live.deployment_id, 'rollback');
    else if (incident.created_at - live.finished_at <= context.windowMs) link(live.deployment_id, 'window');
  }
  return links;
}

/** The reference in `caused_by`: a deployment id or a commit sha, possibly written `root cause: <sha>`. */
export function causeReference(causedBy: string | null): string | null {
  if (causedBy === null) return null;
  const text = causedBy.trim().replace(/^root[ _-]?cause:\s*/i, '');
  return text === '' ? null : text;
}

function explicitTarget(
  incident: LinkIncident,
  context: LinkContext,
  byService: ReadonlyMap<string, LinkDeployment[]>,
  successful: ReadonlyMap<string, LinkDeployment>,
): string | null {
  const ref = causeReference(incident.caused_by);
  if (ref === null) return null;
  const sameService = (service: string): boolean => incident.service === null || incident.service === service;
  const named = context.knownDeployments.get(ref);
  if (named !== undefined) return sameService(named) ? ref : null;
  if (!/^[0-9a-f]{7,64}$/i.test(ref)) return null;
  // A commit: the first successful production deployment of the service that shipped it (or deployed it).
  const candidates = new Set(context.shippedBy.get(ref) ?? []);
  for (const list of byService.values()) for (const d of list) if (d.commit_sha !== null && d.commit_sha.startsWith(ref)) candidates.add(d.deployment_id);
  let first: LinkDeployment | null = null;
  for (const id of candidates) {
    const d = successful.get(id);
    if (d && sameService(d.service) && (first === null || d.finished_at < first.finished_at)) first = d;
  }
  return first?.deployment_id ?? null;
}

/** The latest deployment finished at or before t (lists are in finishing order). */
function liveAt(list: readonly LinkDeployment[], t: number): LinkDeployment | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as LinkDeployment).finished_at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (list[lo - 1] as LinkDeployment);
}
