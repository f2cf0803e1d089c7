/**
 * SLOs and their buckets in the store: spec files upserted by SLO id (and Sloth AlertWindows by period),
 * buckets replaced per SLO and window, the evaluation cursor of an interrupted run. Call the writes inside
 * writer.transaction().
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { StoreWriter } from '../../store/writer.ts';
import { readRows, str, strOrNull } from '../delivery/read.ts';
import type { BucketRow } from './buckets.ts';
import { periodKey, periodZone, type AlertWindows, type Sli, type SloDefinition } from './types.ts';

export async function saveSlos(writer: StoreWriter, slos: readonly SloDefinition[]): Promise<number> {
  if (slos.length === 0) return 0;
  await writer.execute('DELETE FROM slos WHERE slo_id IN (SELECT unnest($1::VARCHAR[]))', [slos.map((s) => s.id)]);
  return writer.appendRows(
    'slos',
    slos.map((s) => ({
      slo_id: s.id,
      service: s.service,
      name: s.name,
      objective: s.objective,
      period: periodKey(s.period),
      period_tz: periodZone(s.period),
      spec_format: s.format,
      source: 'file',
      spec: { sli: s.sli, budgetingMethod: s.budgetingMethod, unsupported: s.unsupported, description: s.description, labels: s.labels, line: s.line },
      source_file: s.file,
    })),
  );
}

export async function saveAlertWindows(writer: StoreWriter, windows: readonly AlertWindows[]): Promise<number> {
  if (windows.length === 0) return 0;
  await writer.execute('DELETE FROM slo_alert_windows WHERE period_days IN (SELECT unnest($1::VARCHAR[])::INTEGER)', [windows.map((w) => String(w.periodDays))]);
  return writer.appendRows(
    'slo_alert_windows',
    windows.map((w) => ({
      period_days: w.periodDays,
      page_quick_share: w.pageQuick.share,
      page_quick_short_ms: w.pageQuick.shortMs,
      page_quick_long_ms: w.pageQuick.longMs,
      page_slow_share: w.pageSlow.share,
      page_slow_short_ms: w.pageSlow.shortMs,
      page_slow_long_ms: w.pageSlow.longMs,
      ticket_quick_share: w.ticketQuick.share,
      ticket_quick_short_ms: w.ticketQuick.shortMs,
      ticket_quick_long_ms: w.ticketQuick.longMs,
      ticket_slow_share: w.ticketSlow.share,
      ticket_slow_short_ms: w.ticketSlow.shortMs,
      ticket_slow_long_ms: w.ticketSlow.longMs,
      source_file: w.file,
    })),
  );
}

const query = z.string();
const sliSchema: z.ZodType<Sli> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('events'), errorQuery: query, totalQuery: query }),
  z.object({ kind: z.literal('good-total'), goodQuery: query, totalQuery: query }),
  z.object({ kind: z.literal('bad-total'), badQuery: query, totalQuery: query }),
  z.object({ kind: z.literal('raw'), errorRatioQuery: query }),
  z.object({ kind: z.literal('opaque'), source: query }),
]);
const storedSpec = z.object({ sli: sliSchema, unsupported: z.string().nullable() }).loose();

export interface StoredSlo {
  id: string;
  /** Days of a rolling period, or the longest calendar period; decides the default evaluation window. */
  periodDays: number;
  /** The SLI, or why there is none to evaluate. */
  sli: { ok: true; sli: Sli } | { ok: false; reason: string };
}

const CALENDAR_DAYS: Readonly<Record<string, number>> = { 'calendar:week': 7, 'calendar:month': 31, 'calendar:quarter': 92, 'calendar:year': 366 };

/** The stored SLOs, all or the given ids (unknown ids are an error naming them). */
export async function readSlos(connection: DuckDBConnection, ids: readonly string[] | null): Promise<StoredSlo[]> {
  const rows = await readRows(connection, 'SELECT slo_id, period, spec::VARCHAR AS spec, spec_format FROM slos ORDER BY slo_id');
  const wanted = ids === null ? rows : rows.filter((r) => ids.includes(str(r, 'slo_id')));
  if (ids !== null) {
    const missing = ids.filter((id) => !rows.some((r) => r['slo_id'] === id));
    if (missing.length > 0) throw new RangeError(`--slo: no SLO ${missing.join(', ')} (load its spec with \`pulse import slo\`)`);
  }
  return wanted.map((r) => {
    const period = str(r, 'period');
    const parsed = storedSpec.safeParse(JSON.parse(strOrNull(r, 'spec') ?? 'null'));
    const sli: StoredSlo['sli'] = !parsed.success
      ? { ok: false, reason: `an SLO of format ${str(r, 'spec_format')} has no SLI queries (its buckets are written with it)` }
      : parsed.data.unsupported !== null
        ? { ok: false, reason: parsed.data.unsupported }
        : { ok: true, sli: parsed.data.sli };
    return { id: str(r, 'slo_id'), periodDays: Number(/^rolling:(\d+)d$/.exec(period)?.[1] ?? CALENDAR_DAYS[period] ?? 31), sli };
  });
}

/** Replaces an SLO's buckets starting in [fromMs, toMs). */
export async function replaceBuckets(writer: StoreWriter, sloId: string, fromMs: number, toMs: number, rows: readonly BucketRow[], source: string): Promise<number> {
  await writer.execute('DELETE FROM slo_buckets WHERE slo_id = $1 AND bucket_start >= to_timestamp($2 / 1000.0) AND bucket_start < to_timestamp($3 / 1000.0)', [sloId, fromMs, toMs]);
  return writer.append('slo_buckets', {
    slo_id: rows.map(() => sloId),
    bucket_start: rows.map((r) => r.bucketStartMs),
    bad: rows.map((r) => r.bad),
    total: rows.map((r) => r.total),
    source: rows.map(() => source),
  });
}

export interface CursorKey {
  sloId: string;
  path: string;
  fromMs: number;
  toMs: number;
}

const cursorWhere = 'slo_id = $1 AND path = $2 AND window_start = to_timestamp($3 / 1000.0) AND window_end = to_timestamp($4 / 1000.0)';

/** Where an interrupted evaluation of this window stopped, or null. */
export async function readCursor(connection: DuckDBConnection, key: CursorKey): Promise<number | null> {
  const rows = await readRows(connection, `SELECT epoch_ms(done_until) AS done FROM slo_eval_cursors WHERE ${cursorWhere}`, [key.sloId, key.path, key.fromMs, key.toMs]);
  const done = rows[0]?.['done'];
  return typeof done === 'number' ? done : null;
}

/** Records progress; null (the window is complete) removes the cursor, so a later run starts afresh. */
export async function writeCursor(writer: StoreWriter, key: CursorKey, doneUntilMs: number | null): Promise<void> {
  await writer.execute(`DELETE FROM slo_eval_cursors WHERE ${cursorWhere}`, [key.sloId, key.path, key.fromMs, key.toMs]);
  if (doneUntilMs === null) return;
  await writer.appendRows('slo_eval_cursors', [
    { slo_id: key.sloId, path: key.path, window_start: key.fromMs, window_end: key.toMs, done_until: doneUntilMs, updated_at: Date.now() },
  ]);
}
