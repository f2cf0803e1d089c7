/**
 * Inference volumes from CSV (`pulse import usage FILE.csv`): one row per service and window with the requests
 * served in it. Header (any order, case-insensitive): window_start, window_end, service, requests. Timestamps are
 * ISO 8601; without an offset they are read in the given zone. Pure: text in, rows and line-numbered errors out.
 */
import { parse } from 'csv-parse/sync';
import { parseInstant } from '../../../queries/time.ts';

export const USAGE_COLUMNS = ['window_start', 'window_end', 'service', 'requests'] as const;

export interface UsageRow {
  line: number;
  service: string;
  windowStart: number;
  windowEnd: number;
  requests: number;
}

export interface LineError {
  line: number;
  reason: string;
}

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (value === null || typeof value !== 'object') return false;
  const { record, info } = value as Record<string, unknown>;
  return Array.isArray(record) && info !== null && typeof info === 'object' && typeof (info as Record<string, unknown>)['lines'] === 'number';
}

export function parseUsageCsv(text: string, tz = 'UTC'): { rows: UsageRow[]; errors: LineError[] } {
  let records: InfoRecord[];
  try {
    const raw: unknown = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    records = Array.isArray(raw) ? raw.filter(isInfoRecord) : [];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return { rows: [], errors: [{ line, reason: `not CSV: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], errors: [{ line: 1, reason: 'the file is empty: expected a header window_start,window_end,service,requests' }] };
  const index = new Map(head.record.map((name, i) => [name.toLowerCase(), i]));
  const missing = USAGE_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) return { rows: [], errors: [{ line: head.info.lines, reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }] };

  const rows: UsageRow[] = [];
  const errors: LineError[] = [];
  for (const { record, info } of body) {
    const cell = (c: (typeof USAGE_COLUMNS)[number]): string => record[index.get(c) as number] ?? '';
    const problems: string[] = [];
    const start = parseInstant(cell('window_start'), tz);
    const end = parseInstant(cell('window_end'), tz);
    if (start === null) problems.push(`window_start: "${cell('window_start')}" is not an ISO date or timestamp`);
    if (end === null) problems.push(`window_end: "${cell('window_end')}" is not an ISO date or timestamp`);
    if (start !== null && end !== null && end <= start) problems.push('window_end is not after window_start');
    const service = cell('service');
    if (service === '') problems.push('service is empty');
    const requestsText = cell('requests');
    if (!/^\d+$/.test(requestsText) || !Number.isSafeInteger(Number(requestsText))) problems.push(`requests: "${requestsText}" is not a whole number of requests`);
    if (problems.length > 0 || start === null || end === null) {
      errors.push({ line: info.lines, reason: problems.join('; ') });
      continue;
    }
    rows.push({ line: info.lines, service, windowStart: start, windowEnd: end, requests: Number(requestsText) });
  }
  const overlapping = overlaps(rows);
  const rejected = new Set(overlapping.map((e) => e.line));
  return { rows: rows.filter((r) => !rejected.has(r.line)), errors: [...errors, ...overlapping] };
}

/** Windows of one service must not overlap: the KPI sums them, so an overlap would count requests twice. */
function overlaps(rows: readonly UsageRow[]): LineError[] {
  const errors: LineError[] = [];
  const byService = new Map<string, UsageRow[]>();
  for (const r of rows) byService.set(r.service, [...(byService.get(r.service) ?? []), r]);
  for (const list of byService.values()) {
    const sorted = [...list].sort((a, b) => a.windowStart - b.windowStart || a.windowEnd - b.windowEnd);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1] as UsageRow;
      const cur = sorted[i] as UsageRow;
      if (cur.windowStart < prev.windowEnd) errors.push({ line: cur.line, reason: `the window of ${cur.service} overlaps the one on line ${prev.line}` });
    }
  }
  return errors;
}
