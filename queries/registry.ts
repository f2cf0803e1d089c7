import { readdirSync, readFileSync } from 'node:fs';
import {
  DOUBLE,
  INTEGER,
  BOOLEAN,
  VARCHAR,
  TIMESTAMPTZ,
  timestampTZValue,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { parseQueryFile, type ParamSpec, type QuerySpec, type SpecError } from './header.ts';
import { toPlain, type PlainRow } from './convert.ts';
import { projectDir } from '../collector/project-root.ts';

export const QUERIES_DIR = projectDir('queries');

/** A query failed: carries the query id and the SQL so the failure can be traced to its file. */
export class QueryError extends Error {
  constructor(
    readonly queryId: string,
    readonly sql: string,
    override readonly cause: unknown,
  ) {
    super(`query ${queryId} failed: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`);
    this.name = 'QueryError';
  }
}

export type QueryParams = Record<string, string | number | boolean | null>;

/** Loads and validates every query file of a directory. Problems are returned, never thrown. */
export function loadQuerySpecs(dir: string = QUERIES_DIR): { specs: Map<string, QuerySpec>; errors: SpecError[] } {
  const specs = new Map<string, QuerySpec>();
  const errors: SpecError[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const file = `${dir}${name}`;
    const parsed = parseQueryFile(file, readFileSync(file, 'utf8'));
    errors.push(...parsed.errors);
    if (parsed.spec) specs.set(parsed.spec.id, parsed.spec);
  }
  return { specs, errors };
}

/**
 * Runs registered queries as prepared statements with bound parameters (never string-built SQL) and returns
 * plain rows in the column order and types the header declares.
 */
export class QueryRegistry {
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: DuckDBConnection,
    readonly specs: Map<string, QuerySpec>,
  ) {}

  static load(connection: DuckDBConnection, dir?: string): QueryRegistry {
    const { specs, errors } = loadQuerySpecs(dir);
    if (errors.length > 0) throw errors[0] as SpecError;
    return new QueryRegistry(connection, specs);
  }

  spec(id: string): QuerySpec {
    const spec = this.specs.get(id);
    if (!spec) throw new Error(`unknown query ${id}`);
    return spec;
  }

  /**
   * Runs one query at a time: a cached prepared statement holds one set of bound values, so concurrent callers
   * (HTTP requests, IPC) must not interleave between bind and run. The connection runs one query at a time anyway.
   */
  run(id: string, params: QueryParams): Promise<PlainRow[]> {
    const result = this.queue.then(() => this.runNow(id, params));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(id: string, params: QueryParams): Promise<PlainRow[]> {
    const spec = this.spec(id);
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType> = {};
    for (const p of spec.params) {
      values[p.name] = bindValue(spec, p, params[p.name]);
      types[p.name] = duckType(p);
    }
    try {
      let statement = this.prepared.get(id);
      if (!statement) {
        statement = await this.connection.prepare(spec.sql);
        this.prepared.set(id, statement);
      }
      statement.bind(values, types);
      const reader = await statement.runAndReadAll();
      const names = reader.columnNames();
      for (const c of spec.columns) {
        if (!names.includes(c.name)) throw new Error(`result has no column ${c.name} (declared in the header)`);
      }
      return reader.getRowObjects().map((raw) => {
        const row: PlainRow = {};
        for (const c of spec.columns) row[c.name] = toPlain(raw[c.name] ?? null, c.type);
        return row;
      });
    } catch (error) {
      throw new QueryError(id, spec.sql, error);
    }
  }

  close(): void {
    for (const statement of this.prepared.values()) statement.destroySync();
    this.prepared.clear();
  }
}

function duckType(p: ParamSpec): DuckDBType {
  switch (p.type) {
    case 'timestamptz':
      return TIMESTAMPTZ;
    case 'double':
      return DOUBLE;
    case 'integer':
      return INTEGER;
    case 'boolean':
      return BOOLEAN;
    case 'varchar':
      return VARCHAR;
  }
}

function bindValue(spec: QuerySpec, p: ParamSpec, value: unknown): DuckDBValue {
  const fail = (expected: string): never => {
    throw new QueryError(spec.id, spec.sql, new Error(`parameter ${p.name}: expected ${expected}, got ${JSON.stringify(value)}`));
  };
  if (value === undefined) return fail('a value (it is required)');
  if (value === null) return null;
  switch (p.type) {
    case 'timestamptz': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
      if (!Number.isFinite(ms)) fail('an ISO timestamp');
      return timestampTZValue(BigInt(ms) * 1000n);
    }
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      return value as number;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer');
      return value as number;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return value as boolean;
    case 'varchar':
      if (typeof value !== 'string') fail('a string');
      if (p.allowed && !p.allowed.includes(value as string)) fail(`one of ${p.allowed.join(', ')}`);
      return value as string;
  }
}
