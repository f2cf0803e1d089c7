/**
 * `pulse import focus FILE…`: FOCUS 1.0–1.2 exports (CSV, CSV.gz or Parquet) into cost_line through DuckDB's
 * readers. Idempotent by file: a file whose sha256 an earlier import recorded changes nothing. The new files of
 * one command are one export: in one transaction they replace what earlier imports loaded for the same
 * provider, billing account and billing period, so a newer export of a period supersedes the older one (give
 * every part of a multi-part export in the same command). Rows that fail a check are reported by row number and
 * left out; the valid rows load.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { LIST, VARCHAR, listValue } from '@duckdb/node-api';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { planColumns, type FillableColumn } from './columns.ts';
import { focusInsertSql, focusRejectsSql, literal, type FileFormat, type InsertSpec, type SourceColumn } from './sql.ts';

export const SOURCE = 'focus';

/** A temporary sequence that counts the rows a file's load leaves out (the insert takes a number for each). */
const REJECTED_SEQUENCE = 'pulse_focus_rejected';

export interface FocusImportOptions {
  /** BillingCurrency / ProviderName for files without the column. */
  currency?: string;
  provider?: string;
}

export interface FileResult {
  file: string;
  sha256: string;
  status: 'imported' | 'unchanged';
  rows: number;
  /** 'row N: column: reason', in row order. */
  rejected: string[];
}

export interface ImportResult {
  files: FileResult[];
  /** Rows of earlier imports replaced by these files (same provider, billing account and billing period). */
  replacedRows: number;
}

export function formatOf(file: string): FileFormat {
  if (/\.parquet$/i.test(file)) return 'parquet';
  if (/\.csv(\.gz|\.zst)?$/i.test(file)) return 'csv';
  throw new Error(`${file}: not a FOCUS export (expected .csv, .csv.gz, .csv.zst or .parquet)`);
}

/** The file's sha256. Read in 1 MiB blocks: with a stream's 64 KiB chunks hashing costs about twice the CPU. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, null);
      if (bytesRead === 0) break;
      hash.update(block.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function describe(store: Store, format: FileFormat, file: string): Promise<SourceColumn[]> {
  const reader = format === 'parquet' ? `read_parquet(${literal(file)})` : `read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['NULL', 'null', ''])`;
  try {
    const result = await store.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`);
    return result.getRowObjectsJS().map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
  } catch (error) {
    throw new Error(`${file}: cannot read: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

async function alreadyImported(store: Store, sha256: string): Promise<boolean> {
  const reader = await store.connection.runAndReadAll("SELECT 1 FROM ingest_runs WHERE source = $1 AND input_sha256 = $2 AND status = 'ok' LIMIT 1", [SOURCE, sha256]);
  return reader.currentRowCount > 0;
}

/** A read inside the import; lists bind as VARCHAR[]. */
async function scalar(store: Store, sql: string, params: (string | string[])[]): Promise<Record<string, unknown>[]> {
  const values = params.map((p) => (Array.isArray(p) ? listValue(p) : p));
  const types = params.map((p) => (Array.isArray(p) ? LIST(VARCHAR) : VARCHAR));
  const reader = await store.connection.runAndReadAll(sql, values, types);
  return reader.getRowObjectsJS();
}

/** The session reads timestamps without an offset as UTC while a statement of fn runs (FOCUS times are UTC). */
async function inUtc<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const reader = await store.connection.runAndReadAll("SELECT current_setting('TimeZone') AS tz");
  const previous = String(reader.getRowObjectsJS()[0]?.['tz'] ?? 'UTC');
  await store.connection.run("SET TimeZone = 'UTC'");
  try {
    return await fn();
  } finally {
    await store.connection.run(`SET TimeZone = ${literal(previous)}`);
  }
}

export async function importFocusFiles(store: Store, files: readonly string[], options: FocusImportOptions = {}): Promise<ImportResult> {
  const filled: Partial<Record<FillableColumn, string>> = {};
  if (options.currency) filled.BillingCurrency = options.currency;
  if (options.provider) filled.ProviderName = options.provider;

  const results: FileResult[] = [];
  const pending: { file: string; sha256: string; spec: InsertSpec }[] = [];
  const shas = new Set<string>();
  for (const file of files) {
    const format = formatOf(file);
    const sha256 = await sha256File(file);
    if (shas.has(sha256) || (await alreadyImported(store, sha256))) {
      results.push({ file, sha256, status: 'unchanged', rows: 0, rejected: [] });
      continue;
    }
    shas.add(sha256);
    const columns = await describe(store, format, file);
    const plan = planColumns(file, columns.map((c) => c.name), filled);
    pending.push({ file, sha256, spec: { format, path: file, columns, plan, filled } });
  }
  if (pending.length === 0) return { files: results, replacedRows: 0 };

  const writer = new StoreWriter(store.connection);
  const runs = new Map<string, string>();
  for (const p of pending) runs.set(p.file, await writer.startRun({ source: SOURCE, kind: 'cost', inputSha256: p.sha256 }));
  const runIds = [...runs.values()];
  try {
    const { loaded, replacedRows } = await inUtc(store, () =>
      writer.transaction(async () => {
        const out: FileResult[] = [];
        for (const p of pending) {
          const runId = runs.get(p.file) as string;
          await writer.execute(`CREATE OR REPLACE TEMP SEQUENCE ${REJECTED_SEQUENCE}`);
          try {
            const { sql, params } = focusInsertSql(p.spec, runId, REJECTED_SEQUENCE);
            await writer.execute(sql, params);
          } catch (error) {
            throw new Error(`${p.file}: ${firstLine(error)}`);
          }
          out.push({ file: p.file, sha256: p.sha256, status: 'imported', ...(await settle(store, writer, runId, p.spec)) });
          await writer.execute(`DROP SEQUENCE ${REJECTED_SEQUENCE}`);
        }
        return { loaded: out, replacedRows: await replaceOlder(store, writer, runIds) };
      }),
    );
    for (const r of loaded) {
      const rejected = r.rejected.length > 0 ? { error: `${r.rejected.length} rows rejected; first: ${r.rejected[0]}` } : {};
      await writer.finishRun(runs.get(r.file) as string, { status: 'ok', rows: r.rows, ...rejected });
    }
    return { files: [...results, ...loaded], replacedRows };
  } catch (error) {
    for (const runId of runIds) await writer.finishRun(runId, { status: 'failed', rows: 0, error: firstLine(error) });
    throw error;
  }
}

/** Counts a file's rows, reports its rejected ones (their reasons by row) and records its billing window. */
async function settle(store: Store, writer: StoreWriter, runId: string, spec: InsertSpec): Promise<{ rows: number; rejected: string[] }> {
  const [counts] = await scalar(store, 'SELECT count(*) AS ok, min(BillingPeriodStart) AS ws, max(BillingPeriodEnd) AS we FROM cost_line WHERE x_ingest_run = $1', [runId]);
  const [left] = await scalar(store, `SELECT nextval('${REJECTED_SEQUENCE}') - 1 AS bad`, []);
  const bad = Number(left?.['bad'] ?? 0);
  let rejected: string[] = [];
  if (bad > 0) {
    const report = focusRejectsSql(spec);
    rejected = (await scalar(store, report.sql, report.params)).map((r) => String(r['reason']));
    if (rejected.length !== bad) throw new Error(`${spec.path}: ${bad} rows were left out but ${rejected.length} found with a reason (an internal error; nothing was imported)`);
  }
  await writer.execute('UPDATE ingest_runs SET window_start = $1::TIMESTAMPTZ, window_end = $2::TIMESTAMPTZ WHERE run_id = $3', [
    counts?.['ws'] instanceof Date ? counts['ws'].toISOString() : null,
    counts?.['we'] instanceof Date ? counts['we'].toISOString() : null,
    runId,
  ]);
  return { rows: Number(counts?.['ok'] ?? 0), rejected };
}

/** Removes rows earlier FOCUS imports loaded for the provider / billing account / billing period these runs cover. */
async function replaceOlder(store: Store, writer: StoreWriter, runIds: string[]): Promise<number> {
  const older = `x_source = 'focus' AND NOT list_contains($1::VARCHAR[], x_ingest_run) AND EXISTS (
      SELECT 1 FROM cost_line n WHERE list_contains($1::VARCHAR[], n.x_ingest_run) AND n.ProviderName = cost_line.ProviderName
        AND n.BillingAccountId IS NOT DISTINCT FROM cost_line.BillingAccountId AND n.BillingPeriodStart = cost_line.BillingPeriodStart)`;
  const [counted] = await scalar(store, `SELECT count(*) AS n FROM cost_line WHERE ${older}`, [runIds]);
  const replaced = Number(counted?.['n'] ?? 0);
  if (replaced > 0) await writer.execute(`DELETE FROM cost_line WHERE ${older}`, [runIds]);
  return replaced;
}
