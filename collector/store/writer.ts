import { randomUUID } from 'node:crypto';
import {
  DuckDBDataChunk,
  DuckDBTypeId,
  LIST,
  VARCHAR,
  dateValue,
  decimalValue,
  listValue,
  timestampTZValue,
  type DuckDBConnection,
  type DuckDBDecimalType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { parseDecimal } from './decimal.ts';

/** Column-major rows: every array has the same length. Values are plain JS (see converterFor). */
export type Columns = Record<string, readonly unknown[]>;

export interface RunInfo {
  source: string;
  kind: string;
  windowStart?: number | null;
  windowEnd?: number | null;
  inputSha256?: string | null;
}

const CHUNK_ROWS = 2048;

interface TableShape {
  names: string[];
  types: DuckDBType[];
  converters: Converter[];
}

/**
 * The single writer: every ingest goes through it. Rows are appended through the DuckDB appender in data
 * chunks, inside an explicit transaction per batch, so a crash leaves either the whole batch or none of it.
 */
export class StoreWriter {
  private readonly tableTypes = new Map<string, TableShape>();
  private inTransaction = false;

  constructor(private readonly connection: DuckDBConnection) {}

  /** Runs fn in one transaction; rolls back on error. Nested calls join the outer transaction. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    await this.begin();
    try {
      const result = await fn();
      await this.commit();
      return result;
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  /**
   * Opens a transaction that commit() or rollback() ends, for work that is not one callback (a file import
   * begins its transaction while it already parses).
   */
  async begin(): Promise<void> {
    if (this.inTransaction) throw new Error('a transaction is already open on this writer');
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    try {
      await this.connection.run('COMMIT');
    } finally {
      this.inTransaction = false;
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.connection.run('ROLLBACK');
    } finally {
      this.inTransaction = false;
    }
  }

  /** Appends column-major rows to a table; columns not given are NULL. Returns the number of rows. */
  async append(table: string, columns: Columns): Promise<number> {
    const { names, types, converters } = await this.describe(table);
    for (const given of Object.keys(columns)) {
      if (!names.includes(given)) throw new Error(`table ${table} has no column ${given}`);
    }
    const length = Object.values(columns)[0]?.length ?? 0;
    if (length === 0) return 0;
    const appender = await this.connection.createAppender(table);
    try {
      for (let offset = 0; offset < length; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, length - offset);
        const chunk = DuckDBDataChunk.create(types, n);
        chunk.setColumns(
          names.map((name, i) => {
            const source = columns[name];
            const convert = converters[i] as Converter;
            const out = new Array<DuckDBValue>(n).fill(null);
            if (source) for (let r = 0; r < n; r++) out[r] = convert(source[offset + r]);
            return out;
          }),
        );
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
      appender.closeSync();
    } catch (error) {
      // Closing flushes again and would replace the real cause with "transaction is aborted".
      try {
        appender.closeSync();
      } catch {
        /* the first error is the one worth reporting */
      }
      throw new Error(`appending to ${table} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return length;
  }

  /** Appends row objects (convenience for small batches). */
  async appendRows(table: string, rows: readonly Record<string, unknown>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const columns: Record<string, unknown[]> = {};
    for (const key of Object.keys(rows[0] as object)) columns[key] = rows.map((r) => r[key]);
    return this.append(table, columns);
  }

  /** Executes a statement with bound parameters (deletes of a replaced window, upserts). */
  async execute(sql: string, params: readonly unknown[] = []): Promise<void> {
    // Lists need their type spelled out; scalars are inferred from the JS value.
    const types = params.map((p) => (Array.isArray(p) ? LIST(VARCHAR) : undefined));
    await this.connection.run(sql, params.map(toBindValue), types as DuckDBType[]);
  }

  async startRun(info: RunInfo): Promise<string> {
    const runId = randomUUID();
    await this.appendRows('ingest_runs', [
      {
        run_id: runId,
        source: info.source,
        kind: info.kind,
        window_start: info.windowStart ?? null,
        window_end: info.windowEnd ?? null,
        input_sha256: info.inputSha256 ?? null,
        started_at: Date.now(),
        rows_written: 0,
        api_requests: 0,
        status: 'running',
      },
    ]);
    return runId;
  }

  async finishRun(runId: string, outcome: { status: 'ok' | 'failed'; rows: number; apiRequests?: number; error?: string }): Promise<void> {
    await this.execute(
      'UPDATE ingest_runs SET status = $1, rows_written = $2, api_requests = $3, error = $4, finished_at = now() WHERE run_id = $5',
      [outcome.status, outcome.rows, outcome.apiRequests ?? 0, outcome.error ?? null, runId],
    );
  }

  private async describe(table: string): Promise<TableShape> {
    let found = this.tableTypes.get(table);
    if (!found) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`invalid table name ${table}`);
      const result = await this.connection.run(`SELECT * FROM ${table} LIMIT 0`);
      const names = result.columnNames();
      const types = result.columnTypes();
      found = { names, types, converters: types.map((type, i) => converterFor(type, table, names[i] as string)) };
      this.tableTypes.set(table, found);
    }
    return found;
  }
}

function toBindValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return listValue(value.map(String));
  return JSON.stringify(value);
}

type Converter = (value: unknown) => DuckDBValue;

/**
 * A converter from plain JS values to DuckDB values of a column's type, chosen once per column (the hot loop
 * of large imports must not branch on the type per value). Timestamps are epoch milliseconds.
 */
export function converterFor(type: DuckDBType, table: string, column: string): Converter {
  const fail = (value: unknown, expected: string): never => {
    throw new Error(`${table}.${column}: expected ${expected}, got ${JSON.stringify(value)}`);
  };
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (value) => {
        if (value === null || value === undefined) return null;
        const ms = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
        if (!Number.isFinite(ms)) fail(value, 'a timestamp (epoch ms, Date or ISO string)');
        return timestampTZValue(BigInt(Math.round(ms * 1000)));
      };
    case DuckDBTypeId.DATE:
      return (value) => {
        if (value === null || value === undefined) return null;
        const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : NaN;
        if (!Number.isFinite(ms)) fail(value, 'a date (YYYY-MM-DD or epoch ms)');
        return dateValue(Math.floor(ms / 86_400_000));
      };
    case DuckDBTypeId.DECIMAL: {
      const { width, scale } = type as DuckDBDecimalType;
      return (value) => {
        if (value === null || value === undefined) return null;
        const scaled = typeof value === 'string' ? parseDecimal(value, scale) : typeof value === 'number' ? parseDecimal(value.toFixed(scale), scale) : null;
        if (scaled === null) return fail(value, `a decimal number with at most ${scale} decimals`);
        return decimalValue(scaled, width, scale);
      };
    }
    case DuckDBTypeId.VARCHAR: {
      // JSON columns are VARCHAR with an alias: objects are serialised, strings are taken as they are.
      const json = type.alias === 'JSON';
      return (value) => {
        if (value === null || value === undefined || typeof value === 'string') return value ?? null;
        return json ? JSON.stringify(value) : fail(value, 'a string');
      };
    }
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return (value) => (value === null || value === undefined ? null : typeof value === 'number' ? value : fail(value, 'a number'));
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
      return (value) => (value === null || value === undefined ? null : Number.isInteger(value) ? (value as number) : fail(value, 'an integer'));
    case DuckDBTypeId.BIGINT:
      return (value) => {
        if (value === null || value === undefined || typeof value === 'bigint') return value ?? null;
        return Number.isInteger(value) ? BigInt(value as number) : fail(value, 'an integer');
      };
    case DuckDBTypeId.BOOLEAN:
      return (value) => (value === null || value === undefined ? null : typeof value === 'boolean' ? value : fail(value, 'a boolean'));
    case DuckDBTypeId.LIST:
      return (value) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(value, 'a list of strings');
        return listValue(value as string[]);
      };
    default:
      throw new Error(`${table}.${column}: column type ${type.toString()} is not supported by the writer`);
  }
}
