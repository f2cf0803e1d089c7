/**
 * Alert episodes, (fingerprint, startsAt), folded from notifications in the order they arrived: the first one
 * creates the episode, each later one counts as a delivery, a resolution sets its end (and stays, even if a
 * firing notification of the same episode arrives late). Pure.
 */
import type { AlertObservation } from './payload.ts';

/** A row of alert_episodes (a type alias, so the writer takes it as a record). */
export type EpisodeRow = {
  fingerprint: string;
  starts_at: number;
  ends_at: number | null;
  alertname: string;
  receiver: string | null;
  severity: string | null;
  labels: Record<string, string>;
  group_key: string | null;
  notifications: number;
  last_notified_at: number | null;
  source: string;
};

export function episodeKey(e: { fingerprint: string; startsAt?: number; starts_at?: number }): string {
  return `${e.fingerprint}|${e.startsAt ?? e.starts_at ?? 0}`;
}

export function foldObservation(existing: EpisodeRow | undefined, seen: AlertObservation, receivedAt: number, source: string): EpisodeRow {
  if (!existing) {
    return {
      fingerprint: seen.fingerprint,
      starts_at: seen.startsAt,
      ends_at: seen.endsAt,
      alertname: seen.alertname,
      receiver: seen.receiver,
      severity: seen.severity,
      labels: seen.labels,
      group_key: seen.groupKey,
      notifications: 1,
      last_notified_at: receivedAt,
      source,
    };
  }
  return {
    ...existing,
    ends_at: existing.ends_at ?? seen.endsAt,
    notifications: existing.notifications + 1,
    last_notified_at: Math.max(existing.last_notified_at ?? receivedAt, receivedAt),
  };
}
