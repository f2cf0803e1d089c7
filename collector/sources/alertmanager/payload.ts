/**
 * Alertmanager webhook payloads (version 4): the fields Pulse reads, validated, with timestamps as epoch ms.
 * Tolerates what real senders omit or add: no `status` or `fingerprint` per alert (older Alertmanagers,
 * proxies), nanosecond timestamps with offsets, extra fields. Pure.
 */
import { z } from 'zod';
import { labelsFingerprint } from './fingerprint.ts';

const labels = z.record(z.string(), z.string());
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;
/** Go's zero time, which Alertmanager sends as endsAt of a firing alert. */
const ZERO_TIME_PREFIX = '0001-01-01T';

function parseTime(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1] ?? ''}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}${m[3] ?? 'Z'}`);
  return Number.isFinite(ms) ? ms : null;
}

const time = z.string().transform((text, ctx) => {
  const ms = parseTime(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected an RFC 3339 timestamp, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});

const alert = z.looseObject({
  status: z.enum(['firing', 'resolved']).optional(),
  labels,
  annotations: labels.optional(),
  startsAt: time,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const webhookPayload = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels.optional(),
  commonLabels: labels.optional(),
  commonAnnotations: labels.optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alert),
});

/** One alert as a notification reported it. */
export interface AlertObservation {
  fingerprint: string;
  startsAt: number;
  /** When it resolved; null while firing. */
  endsAt: number | null;
  alertname: string;
  severity: string | null;
  labels: Record<string, string>;
  receiver: string;
  groupKey: string | null;
}

export type PayloadResult = { ok: true; alerts: AlertObservation[]; truncated: number } | { ok: false; error: string };

/**
 * The distinct alerts of one notification. An alert without `status` is resolved when its endsAt is set and
 * not after the time the notification was received.
 */
export function parseWebhookPayload(json: unknown, receivedAt: number): PayloadResult {
  if (typeof json === 'object' && json !== null && 'version' in json && (json as { version: unknown }).version !== '4') {
    return { ok: false, error: `version ${JSON.stringify((json as { version: unknown }).version)}: Pulse reads Alertmanager webhook version 4` };
  }
  const parsed = webhookPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'not an Alertmanager webhook payload' };
  }
  const payload = parsed.data;
  const seen = new Map<string, AlertObservation>();
  for (const a of payload.alerts) {
    const ends = a.endsAt === undefined || a.endsAt.startsWith(ZERO_TIME_PREFIX) ? null : parseTime(a.endsAt);
    const resolved = a.status === undefined ? ends !== null && ends <= receivedAt : a.status === 'resolved';
    const observation: AlertObservation = {
      fingerprint: labelsFingerprint(a.labels),
      startsAt: a.startsAt,
      endsAt: resolved ? (ends ?? receivedAt) : null,
      alertname: a.labels['alertname'] ?? '',
      severity: a.labels['severity'] ?? null,
      labels: a.labels,
      receiver: payload.receiver,
      groupKey: payload.groupKey ?? null,
    };
    // The same alert twice in one notification (proxies repeat them) counts once.
    seen.set(`${observation.fingerprint}|${observation.startsAt}`, observation);
  }
  return { ok: true, alerts: [...seen.values()], truncated: payload.truncatedAlerts ?? 0 };
}
