/**
 * `pulse import pagerduty FILE`: a PagerDuty incidents export (JSON or CSV) joined to the stored Alertmanager
 * episodes; the human actions become acknowledgements (alert_acks, source pagerduty). Re-importing replaces
 * the acknowledgements of the same episodes and times.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { readRows, str, strOrNull } from '../delivery/read.ts';
import { acksFromIncidents, type GroupEpisode } from './acks.ts';
import { parseIncidentsCsv, parseIncidentsJson, type RowError } from './incidents.ts';

export interface PagerDutySummary {
  file: string;
  incidents: number;
  /** Incidents whose dedup key matches no stored Alertmanager group. */
  unmatched: number;
  acks: number;
  errors: RowError[];
}

export async function importPagerDutyFile(store: Store, file: string): Promise<PagerDutySummary> {
  const text = readFileSync(file, 'utf8');
  const json = /^\s*[[{]/.test(text);
  let parsed: ReturnType<typeof parseIncidentsJson>;
  if (json) {
    try {
      parsed = parseIncidentsJson(JSON.parse(text));
    } catch (error) {
      parsed = { incidents: [], errors: [{ row: 0, reason: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  } else {
    parsed = parseIncidentsCsv(text);
  }
  const rows = await readRows(store.connection, 'SELECT fingerprint, epoch_ms(starts_at) AS starts_at, epoch_ms(ends_at) AS ends_at, group_key FROM alert_episodes WHERE group_key IS NOT NULL');
  const episodes: GroupEpisode[] = rows.map((r) => ({
    fingerprint: str(r, 'fingerprint'),
    startsAt: Number(r['starts_at']),
    endsAt: r['ends_at'] === null ? null : Number(r['ends_at']),
    groupKey: strOrNull(r, 'group_key') ?? '',
  }));
  const { acks, unmatched } = acksFromIncidents(parsed.incidents, episodes);
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: 'pagerduty', kind: 'alert_acks', inputSha256: createHash('sha256').update(text).digest('hex') });
  await writer.transaction(async () => {
    if (acks.length === 0) return;
    const keys = acks.map((a) => `${a.fingerprint}|${a.starts_at}|${a.acked_at}`);
    await writer.execute("DELETE FROM alert_acks WHERE fingerprint || '|' || epoch_ms(starts_at) || '|' || epoch_ms(acked_at) IN (SELECT unnest($1::VARCHAR[]))", [keys]);
    await writer.appendRows('alert_acks', acks);
  });
  await writer.finishRun(runId, { status: 'ok', rows: acks.length, ...(parsed.errors.length > 0 ? { error: `${parsed.errors.length} incidents rejected` } : {}) });
  return { file, incidents: parsed.incidents.length, unmatched, acks: acks.length, errors: parsed.errors };
}
