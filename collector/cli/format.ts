/** Renders a KPI result as JSON, CSV or an aligned text table: the same rows in every format. Pure. */
import type { KpiResult, PlainValue } from '../../queries/contract.ts';

export const FORMATS = ['json', 'csv', 'table'] as const;
export type Format = (typeof FORMATS)[number];

export function formatKpi(result: KpiResult, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'csv':
      return toCsv(result);
    case 'table':
      return toTable(result);
  }
}

function columnsOf(result: KpiResult): string[] {
  const seen = new Set<string>();
  for (const row of result.rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function cellText(value: PlainValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toCsv(result: KpiResult): string {
  const columns = columnsOf(result);
  const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [columns.map(quote).join(',')];
  for (const row of result.rows) lines.push(columns.map((c) => quote(cellText(row[c]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function toTable(result: KpiResult): string {
  const columns = columnsOf(result);
  const out: string[] = [];
  if (result.rows.length === 0) {
    out.push('(no rows)');
  } else {
    const cells = result.rows.map((row) => columns.map((c) => (row[c] === null ? '—' : cellText(row[c]))));
    const numeric = columns.map((_, i) => result.rows.every((row) => typeof row[columns[i] as string] === 'number' || row[columns[i] as string] === null));
    const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
    const line = (values: string[]): string =>
      values.map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ').trimEnd();
    out.push(line(columns), widths.map((w) => '─'.repeat(w)).join('  '));
    for (const r of cells) out.push(line(r));
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  return `${out.join('\n')}\n`;
}

/**
 * A count with thousands separators (1,234,567), as toLocaleString('en-US') writes it, without loading ICU's number
 * formatting, which costs a command about 12 ms the first time.
 */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
