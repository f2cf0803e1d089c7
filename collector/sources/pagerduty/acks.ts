/**
 * PagerDuty incidents to alert acknowledgements: an incident's dedup key is hex sha256 of the Alertmanager
 * group key, and what a person did on it (acknowledged, resolved) counts for every episode of that group that
 * had started by then and was still firing when the incident was created. Pure.
 */
import { createHash } from 'node:crypto';
import type { AlertAckRow } from '../delivery/model.ts';
import type { PdIncident } from './incidents.ts';

export interface GroupEpisode {
  fingerprint: string;
  startsAt: number;
  endsAt: number | null;
  groupKey: string;
}

export const PAGERDUTY_SOURCE = 'pagerduty';

export function dedupKey(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}

export function acksFromIncidents(incidents: readonly PdIncident[], episodes: readonly GroupEpisode[]): { acks: AlertAckRow[]; unmatched: number } {
  const byKey = new Map<string, GroupEpisode[]>();
  for (const e of episodes) {
    const key = dedupKey(e.groupKey);
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  const acks = new Map<string, AlertAckRow>();
  let unmatched = 0;
  for (const incident of incidents) {
    const group = byKey.get(incident.dedupKey.toLowerCase()) ?? [];
    if (group.length === 0) unmatched++;
    for (const action of incident.actions) {
      for (const e of group) {
        if (e.startsAt > action.at || (e.endsAt !== null && e.endsAt < incident.createdAt)) continue;
        const row: AlertAckRow = { fingerprint: e.fingerprint, starts_at: e.startsAt, acked_at: action.at, acked_by: action.by, automated: false, actionable: null, source: PAGERDUTY_SOURCE };
        acks.set(`${row.fingerprint}|${row.starts_at}|${row.acked_at}`, row);
      }
    }
  }
  return { acks: [...acks.values()], unmatched };
}
