import {
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBDateValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnType } from './header.ts';

/** A value that can cross the CLI, HTTP and IPC: no bigint, no DuckDB value objects. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };
export type PlainRow = Record<string, PlainValue>;

/** Converts one DuckDB value to its plain form by the column type the query header declares. */
export function toPlain(value: DuckDBValue, type: ColumnType): PlainValue {
  if (value === null) return null;
  switch (type) {
    case 'timestamptz':
      if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
        return new Date(Number(value.micros / 1000n)).toISOString();
      }
      if (value instanceof DuckDBDateValue) return value.toString();
      break;
    case 'decimal':
      // Money stays exact: a decimal string, trailing zeros trimmed.
      if (value instanceof DuckDBDecimalValue) return trimDecimal(value.toString());
      if (typeof value === 'number') return String(value);
      break;
    case 'integer':
    case 'bigint':
      if (typeof value === 'bigint') {
        return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
      }
      if (typeof value === 'number') return value;
      break;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      if (value instanceof DuckDBDecimalValue) return Number(value.toString());
      break;
    case 'varchar':
      if (typeof value === 'string') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'json':
      if (typeof value === 'string') return JSON.parse(value) as PlainValue;
      break;
  }
  throw new TypeError(`cannot convert ${String(value)} (${typeof value}) to a ${type} column`);
}

function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
