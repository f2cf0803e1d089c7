/**
 * PagerDuty incidents exports: the REST API's JSON (`{ incidents: [...] }` or an array of incidents) or a CSV
 * export. What Pulse needs of an incident: its dedup key (`incident_key`, = hex sha256 of the Alertmanager
 * group key for the Alertmanager integration), when it was created, and what people did: acknowledgements,
 * and a resolution by a person (not by the integration or a timeout). Pure.
 *
 * CSV columns, by header (case and spaces ignored): incident_key or dedup_key; created_at or created_on;
 * acknowledged_at or first_acknowledged_at (or seconds_to_first_ack); acknowledged_by or
 * acknowledged_by_user_names; resolved_at or resolved_on (or seconds_to_resolve); resolved_by or
 * resolved_by_user_name; auto_resolved.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';

export interface HumanAction {
  kind: 'ack' | 'resolve';
  at: number;
  by: string | null;
}

export interface PdIncident {
  dedupKey: string;
  createdAt: number;
  actions: HumanAction[];
}

export interface RowError {
  /** JSON: 1-based position in the incidents list; CSV: the line. */
  row: number;
  reason: string;
}

const timestamp = z.string().transform((text, ctx) => {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}[T ]/.test(text)) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO timestamp, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});
const reference = z.looseObject({ type: z.string().optional(), summary: z.string().optional() });

const apiIncident = z.looseObject({
  incident_key: z.string().min(1, 'no incident_key (dedup key): it cannot be joined to Alertmanager alerts'),
  created_at: timestamp,
  status: z.string().optional(),
  acknowledgements: z.array(z.looseObject({ at: timestamp, acknowledger: reference.optional() })).default([]),
  resolved_at: timestamp.nullish(),
  last_status_change_at: timestamp.nullish(),
  last_status_change_by: reference.nullish(),
});

const PEOPLE = new Set(['user', 'user_reference']);

export function parseIncidentsJson(json: unknown): { incidents: PdIncident[]; errors: RowError[] } {
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { incidents?: unknown }).incidents) ? (json as { incidents: unknown[] }).incidents : null;
  if (list === null) return { incidents: [], errors: [{ row: 0, reason: 'expected {"incidents": [...]} (the REST API response) or an array of incidents' }] };
  const incidents: PdIncident[] = [];
  const errors: RowError[] = [];
  list.forEach((item: unknown, i) => {
    const parsed = apiIncident.safeParse(item);
    if (!parsed.success) {
      errors.push({ row: i + 1, reason: parsed.error.issues.map((x) => `${x.path.join('.') || '(incident)'}: ${x.message}`).join('; ') });
      return;
    }
    const p = parsed.data;
    const actions: HumanAction[] = p.acknowledgements
      .filter((a) => a.acknowledger === undefined || PEOPLE.has(a.acknowledger.type ?? 'user'))
      .map((a) => ({ kind: 'ack', at: a.at, by: a.acknowledger?.summary ?? null }));
    const resolvedAt = p.resolved_at ?? (p.status === 'resolved' ? p.last_status_change_at : null);
    if (p.status === 'resolved' && resolvedAt != null && PEOPLE.has(p.last_status_change_by?.type ?? '')) {
      actions.push({ kind: 'resolve', at: resolvedAt, by: p.last_status_change_by?.summary ?? null });
    }
    incidents.push({ dedupKey: p.incident_key, createdAt: p.created_at, actions });
  });
  return { incidents, errors };
}

const COLUMNS = {
  key: ['incident_key', 'dedup_key'],
  created: ['created_at', 'created_on'],
  acked: ['acknowledged_at', 'first_acknowledged_at'],
  ackDelay: ['seconds_to_first_ack'],
  ackedBy: ['acknowledged_by', 'acknowledged_by_user_names', 'acknowledged_by_user_name'],
  resolved: ['resolved_at', 'resolved_on'],
  resolveDelay: ['seconds_to_resolve'],
  resolvedBy: ['resolved_by', 'resolved_by_user_name', 'resolved_by_user_names'],
  auto: ['auto_resolved'],
} as const;

export function parseIncidentsCsv(text: string): { incidents: PdIncident[]; errors: RowError[] } {
  const rows = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...body] = rows;
  if (!head) return { incidents: [], errors: [{ row: 1, reason: 'empty file' }] };
  const names = head.record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const col = (key: keyof typeof COLUMNS): number => names.findIndex((n) => (COLUMNS[key] as readonly string[]).includes(n));
  const index = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, col(k as keyof typeof COLUMNS)])) as Record<keyof typeof COLUMNS, number>;
  if (index.key < 0 || index.created < 0) {
    return { incidents: [], errors: [{ row: 1, reason: `the header needs ${COLUMNS.key.join(' or ')} and ${COLUMNS.created.join(' or ')}; it has ${names.join(', ')}` }] };
  }
  const incidents: PdIncident[] = [];
  const errors: RowError[] = [];
  for (const { record, info } of body) {
    const cell = (i: number): string => (i < 0 ? '' : (record[i] ?? '').trim());
    const time = (i: number): number | null => (cell(i) === '' ? null : Date.parse(cell(i)));
    const key = cell(index.key);
    const created = time(index.created);
    if (key === '') {
      errors.push({ row: info.lines, reason: 'no incident_key (dedup key): it cannot be joined to Alertmanager alerts' });
      continue;
    }
    if (created === null || !Number.isFinite(created)) {
      errors.push({ row: info.lines, reason: `created_at: expected a timestamp, got ${JSON.stringify(cell(index.created))}` });
      continue;
    }
    const after = (i: number): number | null => (cell(i) === '' || !Number.isFinite(Number(cell(i))) ? null : created + Number(cell(i)) * 1000);
    const actions: HumanAction[] = [];
    const acked = time(index.acked) ?? after(index.ackDelay);
    if (acked !== null && Number.isFinite(acked)) actions.push({ kind: 'ack', at: acked, by: cell(index.ackedBy) || null });
    const resolved = time(index.resolved) ?? after(index.resolveDelay);
    const auto = /^(true|yes|1)$/i.test(cell(index.auto));
    if (resolved !== null && Number.isFinite(resolved) && !auto && cell(index.resolvedBy) !== '') {
      actions.push({ kind: 'resolve', at: resolved, by: cell(index.resolvedBy) });
    }
    incidents.push({ dedupKey: key, createdAt: created, actions });
  }
  return { incidents, errors };
}
