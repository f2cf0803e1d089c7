/**
 * Where a connector's backfill stands, per (source, scope, resource): its own JSON state and the ETag of the
 * resource's first page (table sync_cursors). Written in the same transaction as the rows it accounts for, so
 * an interrupted sync resumes from the last committed step.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import { readRows, strOrNull } from './read.ts';

export interface Cursor<S> {
  state: S;
  etag: string | null;
}

export async function readCursor<S>(connection: DuckDBConnection, source: string, scope: string, resource: string, initial: S): Promise<Cursor<S>> {
  const rows = await readRows(connection, 'SELECT state::VARCHAR AS state, etag FROM sync_cursors WHERE source = $1 AND scope = $2 AND resource = $3', [source, scope, resource]);
  const row = rows[0];
  if (!row) return { state: initial, etag: null };
  return { state: { ...initial, ...(JSON.parse(String(row['state'])) as Partial<S>) }, etag: strOrNull(row, 'etag') };
}

export async function writeCursor<S>(writer: StoreWriter, source: string, scope: string, resource: string, cursor: Cursor<S>, now: number): Promise<void> {
  await writer.execute('DELETE FROM sync_cursors WHERE source = $1 AND scope = $2 AND resource = $3', [source, scope, resource]);
  await writer.appendRows('sync_cursors', [{ source, scope, resource, state: JSON.stringify(cursor.state), etag: cursor.etag, updated_at: now }]);
}
