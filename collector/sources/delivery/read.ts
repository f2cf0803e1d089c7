/** Reading rows back during an ingest (existing keys, a service's deployments): bound parameters, plain values. */
import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

export type ReadParam = string | number | boolean | null | readonly string[];
export type ReadRow = Record<string, string | number | boolean | null>;

/** Runs a query; BIGINT and DECIMAL come back as numbers, timestamps should be selected as epoch_ms(…)::DOUBLE. */
export async function readRows(connection: DuckDBConnection, sql: string, params: readonly ReadParam[] = []): Promise<ReadRow[]> {
  const values: DuckDBValue[] = params.map((p) => (Array.isArray(p) ? listValue([...(p as readonly string[])]) : (p as DuckDBValue)));
  const types = params.map((p) => (Array.isArray(p) ? LIST(VARCHAR) : undefined)) as DuckDBType[];
  const reader = await connection.runAndReadAll(sql, values, types);
  return reader.getRowObjectsJS().map((row) => {
    const out: ReadRow = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = typeof value === 'bigint' ? Number(value) : value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
    }
    return out;
  });
}

export function str(row: ReadRow, key: string): string {
  const v = row[key];
  if (typeof v !== 'string') throw new TypeError(`column ${key}: expected text, got ${JSON.stringify(v)}`);
  return v;
}

export function strOrNull(row: ReadRow, key: string): string | null {
  const v = row[key];
  return v === null || v === undefined ? null : String(v);
}

export function num(row: ReadRow, key: string): number {
  const v = row[key];
  if (typeof v !== 'number') throw new TypeError(`column ${key}: expected a number, got ${JSON.stringify(v)}`);
  return v;
}
