import { readdirSync, readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { projectDir } from '../project-root.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDir = projectDir('collector', 'store', 'migrations');

/** Numbered migration files `NNNN_name.sql`, in order. */
export function loadMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: readFileSync(`${dir}${f}`, 'utf8'),
    }));
}

/** Applies the migrations the file's schema_version does not record, in order, each in its own transaction. */
export async function migrate(connection: DuckDBConnection, migrations: Migration[] = loadMigrations()): Promise<Migration[]> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  // Every migration not yet recorded, not only those above the highest: a file may have been applied out of order.
  const reader = await connection.runAndReadAll('SELECT version FROM schema_version');
  const applied = new Set(reader.getRowObjectsJS().map((r) => Number(r['version'])));
  const pending = migrations.filter((m) => !applied.has(m.version));
  for (const m of pending) {
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(m.sql);
      await connection.run('INSERT INTO schema_version VALUES ($1, $2, now())', [m.version, m.name]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${reason}`);
    }
  }
  return pending;
}
