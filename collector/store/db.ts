import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { migrate } from './migrate.ts';

/** The database file is held by another process (DuckDB allows one writing process per file). */
export class StoreLockedError extends Error {
  constructor(
    readonly file: string,
    readonly holder: string | null,
  ) {
    super(
      `database ${file} is in use by another process${holder ? ` (${holder})` : ''}: ` +
        'stop it, use another --db file, or query the running `pulse serve` over HTTP instead',
    );
    this.name = 'StoreLockedError';
  }
}

export interface Store {
  readonly file: string;
  readonly connection: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
}

/**
 * The storage format a new file is written in: DuckDB 1.4 (LTS) or later reads it. DuckDB writes files that 1.0
 * can read unless told otherwise, and converting the indexes to that older layout made every checkpoint of a
 * 10,000-GPU import about 45 ms slower (`npm run bench:import`).
 */
export const STORAGE_VERSION = 'v1.4.0';

/**
 * A commit that would grow the write-ahead log past this checkpoints instead: a large import then writes its rows to
 * the file once, rather than to the log at commit and to the file again when the store closes (DuckDB's default is
 * 16 MiB, which a 10,000-GPU scrape stays under).
 */
const CHECKPOINT_THRESHOLD = '1MB';

/**
 * Opens (creating if needed) the DuckDB file, applies pending migrations and marks runs left 'running' by a
 * killed process as 'interrupted' — safe because holding the file means no other writer exists.
 */
export async function openStore(file: string, options: OpenOptions = {}): Promise<Store> {
  if (file !== ':memory:' && !options.readOnly) mkdirSync(dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, options.readOnly ? { access_mode: 'READ_ONLY' } : { storage_compatibility_version: STORAGE_VERSION, checkpoint_threshold: CHECKPOINT_THRESHOLD });
  } catch (error) {
    throw translateOpenError(file, error);
  }
  const connection = await instance.connect();
  const store: Store = {
    file,
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
  if (!options.readOnly) {
    try {
      await migrate(connection);
      await connection.run(
        "UPDATE ingest_runs SET status = 'interrupted', error = 'process ended before the run finished' WHERE status = 'running'",
      );
    } catch (error) {
      store.close();
      throw error;
    }
  }
  return store;
}

function translateOpenError(file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock on file/i.test(message)) {
    const pid = /PID (\d+)/.exec(message);
    return new StoreLockedError(file, pid ? `PID ${pid[1]}` : null);
  }
  if (/No such file or directory|does not exist/i.test(message)) {
    return new Error(`database ${file} does not exist (create it with \`pulse demo\` or an import)`);
  }
  return new Error(`cannot open database ${file}: ${message.split('\n')[0]}`);
}
