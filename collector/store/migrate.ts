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

/**
 * Applies the migrations the file's schema_version does not record, in order, each in its own transaction. They go
 * to DuckDB as one script: a new database is migrated while the first import parses, and one statement per round
 * trip would wait for the busy main thread between every step.
 */
export async function migrate(connection: DuckDBConnection, migrations: Migration[] = loadMigrations()): Promise<Migration[]> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
  );
  const applied = await appliedVersions(connection);
  // Every migration not yet recorded, not only those above the highest: a file may have been applied out of order.
  const pending = migrations.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return pending;
  for (const m of pending) if (!Number.isInteger(m.version) || !/^[a-z0-9_]+$/.test(m.name)) throw new Error(`invalid migration ${m.version}_${m.name}`);
  const script = pending
    .map((m) => `BEGIN TRANSACTION;\n${m.sql}\n;\nINSERT INTO schema_version VALUES (${m.version}, '${m.name}', now());\nCOMMIT;\n`)
    .join('');
  try {
    await connection.run(script);
  } catch (error) {
    // The failing migration's transaction is still open; those before it are committed.
    await connection.run('ROLLBACK').catch(() => undefined);
    const done = await appliedVersions(connection);
    const failed = pending.find((m) => !done.has(m.version)) ?? (pending[pending.length - 1] as Migration);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${String(failed.version).padStart(4, '0')}_${failed.name} failed: ${reason}`);
  }
  return pending;
}

async function appliedVersions(connection: DuckDBConnection): Promise<Set<number>> {
  const reader = await connection.runAndReadAll('SELECT version FROM schema_version');
  return new Set(reader.getRowObjectsJS().map((r) => Number(r['version'])));
}
