/**
 * Writing Alertmanager notifications: each delivery's raw body once (raw_events, source alertmanager), and
 * the episodes it reports folded into alert_episodes. Call inside writer.transaction(); a delivery id already
 * stored changes nothing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import { readRows, str, strOrNull } from '../delivery/read.ts';
import { storedDeliveries } from '../delivery/store.ts';
import { episodeKey, foldObservation, type EpisodeRow } from './episodes.ts';
import type { AlertObservation } from './payload.ts';

export const SOURCE = 'alertmanager';

export interface Notification {
  deliveryId: string;
  receivedAt: number;
  /** The raw JSON text as received. */
  body: string;
  bodySha256: string;
  alerts: AlertObservation[];
}

export interface NotificationSummary {
  stored: number;
  duplicates: number;
  /** Episodes created or updated. */
  episodes: number;
}

export async function storeNotifications(writer: StoreWriter, connection: DuckDBConnection, notifications: readonly Notification[]): Promise<NotificationSummary> {
  const known = await storedDeliveries(
    connection,
    SOURCE,
    notifications.map((n) => n.deliveryId),
  );
  const fresh = notifications.filter((n, i) => !known.has(n.deliveryId) && notifications.findIndex((m) => m.deliveryId === n.deliveryId) === i);
  await writer.appendRows(
    'raw_events',
    fresh.map((n) => ({ source: SOURCE, delivery_id: n.deliveryId, event_type: 'alertmanager.v4', received_at: n.receivedAt, body_sha256: n.bodySha256, body: n.body })),
  );
  const keys = [...new Set(fresh.flatMap((n) => n.alerts.map((a) => episodeKey(a))))];
  const episodes = new Map((await readEpisodes(connection, keys)).map((e) => [episodeKey(e), e]));
  for (const n of fresh) {
    for (const alert of n.alerts) episodes.set(episodeKey(alert), foldObservation(episodes.get(episodeKey(alert)), alert, n.receivedAt, SOURCE));
  }
  if (keys.length > 0) {
    await writer.execute("DELETE FROM alert_episodes WHERE fingerprint || '|' || epoch_ms(starts_at) IN (SELECT unnest($1::VARCHAR[]))", [keys]);
    await writer.appendRows('alert_episodes', [...episodes.values()]);
  }
  return { stored: fresh.length, duplicates: notifications.length - fresh.length, episodes: keys.length };
}

async function readEpisodes(connection: DuckDBConnection, keys: readonly string[]): Promise<EpisodeRow[]> {
  if (keys.length === 0) return [];
  const rows = await readRows(
    connection,
    `SELECT fingerprint, epoch_ms(starts_at) AS starts_at, epoch_ms(ends_at) AS ends_at, alertname, receiver, severity, labels::VARCHAR AS labels,
            group_key, notifications, epoch_ms(last_notified_at) AS last_notified_at, source
     FROM alert_episodes WHERE fingerprint || '|' || epoch_ms(starts_at) IN (SELECT unnest($1::VARCHAR[]))`,
    [keys],
  );
  return rows.map((r) => ({
    fingerprint: str(r, 'fingerprint'),
    starts_at: Number(r['starts_at']),
    ends_at: r['ends_at'] === null ? null : Number(r['ends_at']),
    alertname: str(r, 'alertname'),
    receiver: strOrNull(r, 'receiver'),
    severity: strOrNull(r, 'severity'),
    labels: JSON.parse(str(r, 'labels')) as Record<string, string>,
    group_key: strOrNull(r, 'group_key'),
    notifications: Number(r['notifications']),
    last_notified_at: r['last_notified_at'] === null ? null : Number(r['last_notified_at']),
    source: str(r, 'source'),
  }));
}
