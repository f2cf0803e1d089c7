/** Generic events → delivery rows (one batch). Pure. */
import { emptyBatch, type DeliveryBatch } from '../delivery/model.ts';
import type { ParsedEvent } from './parse.ts';

export const EVENTS_SOURCE = 'events';

export function normalizeEvents(events: readonly ParsedEvent[], receivedAt: number, source: string = EVENTS_SOURCE): DeliveryBatch {
  const batch = emptyBatch();
  for (const { event, text, deliveryId, sha256 } of events) {
    batch.raw.push({ source, delivery_id: deliveryId, event_type: event.type, received_at: receivedAt, body_sha256: sha256, body: text });
    switch (event.type) {
      case 'deployment': {
        const changes = event.changes ?? null;
        batch.deployments.push({
          deployment_id: event.id,
          service: event.service,
          environment: event.environment,
          status: event.status,
          kind: event.kind ?? 'normal',
          kind_derived: event.kind === undefined,
          started_at: event.started_at,
          finished_at: event.finished_at,
          commit_sha: event.commit ?? changes?.at(-1)?.sha ?? null,
          rollback_of: event.rollback_of,
          source,
        });
        if (changes !== null) {
          batch.changeSets.push({ deployment_id: event.id, commit_shas: changes.map((c) => c.sha), source });
          for (const c of changes) {
            batch.commits.push({
              sha: c.sha,
              service: event.service,
              authored_at: c.authored_at,
              committed_at: null,
              author: c.author,
              pr: c.pr === null ? null : typeof c.pr === 'number' ? `${event.service}#${c.pr}` : c.pr,
              incident_id: c.incident,
              source,
            });
          }
        }
        break;
      }
      case 'incident':
        batch.incidents.push({
          incident_id: event.id,
          service: event.service,
          severity: event.severity,
          created_at: event.created_at,
          acknowledged_at: event.acknowledged_at,
          resolved_at: event.resolved_at,
          caused_by: event.caused_by,
          source,
        });
        break;
      case 'pipeline_run':
        batch.pipelineRuns.push({
          run_id: event.id,
          attempt: event.attempt,
          pipeline: event.pipeline,
          service: event.service,
          status: event.status,
          started_at: event.started_at,
          finished_at: event.finished_at,
          commit_sha: event.commit,
          source,
        });
        break;
      case 'pull_request':
        batch.pullRequests.push({
          pr_id: event.id,
          service: event.service,
          created_at: event.created_at,
          merged_at: event.merged_at,
          author: event.author,
          is_bot: event.is_bot,
          is_revert: event.is_revert,
          merge_commit: event.merge_commit,
          source,
        });
        break;
      case 'alert_ack':
        batch.alertAcks.push({
          fingerprint: event.fingerprint,
          starts_at: event.starts_at,
          acked_at: event.at,
          acked_by: event.by,
          automated: event.automated,
          actionable: event.actionable,
          source,
        });
        break;
    }
  }
  return batch;
}
