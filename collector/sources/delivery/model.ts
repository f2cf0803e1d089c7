/**
 * Normalized delivery rows, one interface per table of migrations 0005/0008 (column names as in the tables;
 * timestamps are epoch milliseconds), and the batch every delivery source produces. Pure types.
 */

export const DEPLOYMENT_STATUSES = ['success', 'failure', 'error'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const DEPLOYMENT_KINDS = ['normal', 'rollback', 'hotfix', 'redeploy'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

export const PIPELINE_STATUSES = ['success', 'failure', 'cancelled', 'skipped', 'running'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

/** The environment name every DORA figure reads. */
export const PRODUCTION = 'production';

export type DeploymentRow = {
  deployment_id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
  kind: DeploymentKind;
  /** true when the source did not state the kind: Pulse derives it (see kinds.ts). */
  kind_derived: boolean;
  started_at: number | null;
  finished_at: number;
  commit_sha: string | null;
  rollback_of: string | null;
  source: string;
};

export type CommitRow = {
  sha: string;
  service: string | null;
  authored_at: number;
  committed_at: number | null;
  author: string | null;
  pr: string | null;
  incident_id: string | null;
  source: string;
};

/** The complete set of commits a deployment shipped; writing it replaces the deployment's earlier set. */
export type ChangeSet = {
  deployment_id: string;
  commit_shas: string[];
  source: string;
};

export type PullRequestRow = {
  pr_id: string;
  service: string | null;
  created_at: number;
  merged_at: number | null;
  author: string | null;
  is_bot: boolean;
  is_revert: boolean;
  merge_commit: string | null;
  source: string;
};

export type PipelineRunRow = {
  run_id: string;
  attempt: number;
  pipeline: string;
  service: string | null;
  status: PipelineStatus;
  started_at: number | null;
  finished_at: number | null;
  commit_sha: string | null;
  source: string;
};

export type IncidentRow = {
  incident_id: string;
  service: string | null;
  severity: string | null;
  created_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  caused_by: string | null;
  source: string;
};

export type AlertAckRow = {
  fingerprint: string;
  starts_at: number;
  acked_at: number;
  acked_by: string | null;
  automated: boolean;
  actionable: boolean | null;
  source: string;
};

export type LinkRow = {
  incident_id: string;
  deployment_id: string;
  method: 'explicit' | 'rollback' | 'window';
  confidence: number;
  source: string;
};

export type RawEventRow = {
  source: string;
  delivery_id: string;
  event_type: string;
  received_at: number;
  body_sha256: string;
  /** The event as received (JSON text). */
  body: string;
};

/** What one ingest step writes: raw events plus the rows normalized from them (upserted by natural key). */
export type DeliveryBatch = {
  raw: RawEventRow[];
  deployments: DeploymentRow[];
  commits: CommitRow[];
  changeSets: ChangeSet[];
  pullRequests: PullRequestRow[];
  pipelineRuns: PipelineRunRow[];
  incidents: IncidentRow[];
  alertAcks: AlertAckRow[];
};

/** What a source's normalizer makes of one event: rows, or why it gave none (the raw event is kept anyway). */
export type Normalized = { batch: DeliveryBatch; skipped: string | null };

export function emptyBatch(): DeliveryBatch {
  return { raw: [], deployments: [], commits: [], changeSets: [], pullRequests: [], pipelineRuns: [], incidents: [], alertAcks: [] };
}

/** Appends b's rows to a (in place) and returns a. */
export function mergeInto(a: DeliveryBatch, b: DeliveryBatch): DeliveryBatch {
  a.raw.push(...b.raw);
  a.deployments.push(...b.deployments);
  a.commits.push(...b.commits);
  a.changeSets.push(...b.changeSets);
  a.pullRequests.push(...b.pullRequests);
  a.pipelineRuns.push(...b.pipelineRuns);
  a.incidents.push(...b.incidents);
  a.alertAcks.push(...b.alertAcks);
  return a;
}
