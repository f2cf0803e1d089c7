/** A commit from a push webhook (GitHub and GitLab send the same fields) as a commits row. Pure. */
import type { CommitRow } from './model.ts';
import { commitService } from './services.ts';
import type { DeliverySettings } from './settings.ts';
import { requiredTime } from './time.ts';
import { incidentTrailer } from './trailers.ts';

export interface PushedCommit {
  id: string;
  timestamp: string;
  message: string;
  added?: string[] | null | undefined;
  modified?: string[] | null | undefined;
  removed?: string[] | null | undefined;
}

export function pushedCommitRow(c: PushedCommit, repository: string, author: string | null, settings: DeliverySettings, source: string): CommitRow {
  const files = [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])];
  return {
    sha: c.id,
    service: commitService(settings.rules, repository, files.length > 0 ? files : null),
    authored_at: requiredTime(c.timestamp, 'commits[].timestamp'),
    committed_at: null,
    author,
    pr: null,
    incident_id: incidentTrailer(c.message),
    source,
  };
}
