/**
 * `pulse import alertmanager FILE.ndjson`: one webhook payload per line, as a receiver would have logged them.
 * A line has no receive time: it is taken as the payload's latest startsAt or endsAt (when Alertmanager
 * could have sent it at the earliest). A line is a delivery, identified by its text and its occurrence in
 * the file, so importing the same file (or a longer copy of it) again adds only what is new. Lines that fail
 * are reported with their number; the others load.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { parseWebhookPayload } from './payload.ts';
import { storeNotifications, type Notification, type NotificationSummary } from './store.ts';

export interface LineError {
  line: number;
  reason: string;
}

export interface AlertmanagerFileSummary extends NotificationSummary {
  file: string;
  lines: number;
  errors: LineError[];
}

/** The notifications of an NDJSON text, and the lines that are not payloads. Pure. */
export function parseNdjsonNotifications(text: string): { notifications: Notification[]; errors: LineError[]; lines: number } {
  const notifications: Notification[] = [];
  const errors: LineError[] = [];
  const occurrences = new Map<string, number>();
  const lines = text.split('\n');
  let count = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    count++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      errors.push({ line: i + 1, reason: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const receivedAt = latestTime(json);
    const parsed = parseWebhookPayload(json, receivedAt);
    if (!parsed.ok) {
      errors.push({ line: i + 1, reason: parsed.error });
      return;
    }
    const sha = createHash('sha256').update(line).digest('hex');
    const n = (occurrences.get(sha) ?? 0) + 1;
    occurrences.set(sha, n);
    notifications.push({ deliveryId: `ndjson:${sha}:${n}`, receivedAt, body: line, bodySha256: sha, alerts: parsed.alerts });
  });
  return { notifications, errors, lines: count };
}

/** The latest startsAt / endsAt of a payload's alerts (Go's zero time aside), epoch ms; 0 without any. */
function latestTime(json: unknown): number {
  const alerts = typeof json === 'object' && json !== null ? (json as { alerts?: unknown }).alerts : undefined;
  let latest = 0;
  for (const a of Array.isArray(alerts) ? (alerts as unknown[]) : []) {
    if (typeof a !== 'object' || a === null) continue;
    for (const key of ['startsAt', 'endsAt']) {
      const value = (a as Record<string, unknown>)[key];
      const ms = typeof value === 'string' && !value.startsWith('0001-') ? Date.parse(value.replace(/(\.\d{3})\d+/, '$1')) : NaN;
      if (Number.isFinite(ms) && ms > latest) latest = ms;
    }
  }
  return latest;
}

export async function importAlertmanagerFile(store: Store, file: string): Promise<AlertmanagerFileSummary> {
  const text = readFileSync(file, 'utf8');
  const { notifications, errors, lines } = parseNdjsonNotifications(text);
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: 'alertmanager', kind: 'alerts', inputSha256: createHash('sha256').update(text).digest('hex') });
  try {
    const summary = await writer.transaction(() => storeNotifications(writer, store.connection, notifications));
    await writer.finishRun(runId, { status: 'ok', rows: summary.episodes, ...(errors.length > 0 ? { error: `${errors.length} lines rejected` } : {}) });
    return { file, lines, errors, ...summary };
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: 0, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
