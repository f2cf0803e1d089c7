/**
 * `pulse import usage FILE.csv`: inference requests per service and window into usage_metric. A window that is
 * already stored with the same bounds is replaced (re-importing a corrected file converges); one that overlaps
 * a stored window with other bounds is rejected, since the KPI would count its requests twice. A file imported
 * before (same sha256) changes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { parseUsageCsv, type LineError, type UsageRow } from './parse.ts';

export const SOURCE = 'usage-csv';
export const METRIC = 'inference_requests';

export interface UsageImportSummary {
  file: string;
  status: 'imported' | 'unchanged';
  rows: number;
  errors: LineError[];
}

async function storedWindows(store: Store, services: string[]): Promise<Map<string, { start: number; end: number }[]>> {
  const byService = new Map<string, { start: number; end: number }[]>();
  if (services.length === 0) return byService;
  const reader = await store.connection.runAndReadAll(
    'SELECT service, epoch_ms(window_start) AS s, epoch_ms(window_end) AS e FROM usage_metric WHERE metric = $1 AND service IN (SELECT unnest(string_split($2, chr(31))))',
    [METRIC, services.join('\u001f')],
  );
  for (const r of reader.getRowObjectsJS()) {
    const service = String(r['service']);
    byService.set(service, [...(byService.get(service) ?? []), { start: Number(r['s']), end: Number(r['e']) }]);
  }
  return byService;
}

export async function importUsageFile(store: Store, file: string, options: { tz?: string } = {}): Promise<UsageImportSummary> {
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const done = await store.connection.runAndReadAll("SELECT 1 FROM ingest_runs WHERE source = $1 AND input_sha256 = $2 AND status = 'ok' LIMIT 1", [SOURCE, sha256]);
  if (done.currentRowCount > 0) return { file, status: 'unchanged', rows: 0, errors: [] };

  const parsed = parseUsageCsv(bytes.toString('utf8'), options.tz);
  const stored = await storedWindows(store, [...new Set(parsed.rows.map((r) => r.service))]);
  const errors = [...parsed.errors];
  const rows: UsageRow[] = [];
  for (const row of parsed.rows) {
    const clash = (stored.get(row.service) ?? []).find((w) => w.start < row.windowEnd && w.end > row.windowStart && !(w.start === row.windowStart && w.end === row.windowEnd));
    if (clash) errors.push({ line: row.line, reason: `the window of ${row.service} overlaps the stored window ${new Date(clash.start).toISOString()} – ${new Date(clash.end).toISOString()}` });
    else rows.push(row);
  }
  errors.sort((a, b) => a.line - b.line);

  const writer = new StoreWriter(store.connection);
  const windows = rows.flatMap((r) => [r.windowStart, r.windowEnd]);
  const runId = await writer.startRun({
    source: SOURCE,
    kind: 'usage',
    inputSha256: sha256,
    windowStart: windows.length > 0 ? Math.min(...windows) : null,
    windowEnd: windows.length > 0 ? Math.max(...windows) : null,
  });
  try {
    await writer.transaction(async () => {
      const key = (service: string, start: number, end: number): string => `${service}\u001f${start}\u001f${end}`;
      await writer.execute(
        "DELETE FROM usage_metric WHERE metric = $1 AND service || chr(31) || epoch_ms(window_start) || chr(31) || epoch_ms(window_end) IN (SELECT unnest($2::VARCHAR[]))",
        [METRIC, rows.map((r) => key(r.service, r.windowStart, r.windowEnd))],
      );
      await writer.appendRows(
        'usage_metric',
        rows.map((r) => ({ metric: METRIC, service: r.service, window_start: r.windowStart, window_end: r.windowEnd, value: r.requests, source: SOURCE })),
      );
    });
    await writer.finishRun(runId, { status: 'ok', rows: rows.length, ...(errors.length > 0 ? { error: `${errors.length} lines rejected` } : {}) });
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: 0, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  return { file, status: 'imported', rows: rows.length, errors };
}
