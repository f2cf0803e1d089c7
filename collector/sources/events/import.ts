/**
 * `pulse import events`: streams NDJSON files line by line, keeps the valid lines (in transactions of CHUNK
 * events), reports the bad ones with their line number, then derives kinds and links for the touched services.
 * One ingest_runs row per file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { deriveDelivery } from '../delivery/derive.ts';
import { storedDeliveries, writeBatch } from '../delivery/store.ts';
import { EVENTS_SOURCE, normalizeEvents } from './normalize.ts';
import { parseEventLine, type LineError, type ParsedEvent } from './parse.ts';

const CHUNK = 5000;

export interface FileSummary {
  file: string;
  lines: number;
  /** Valid events written (new or changed). */
  imported: number;
  /** Valid events already stored (the same line was imported before). */
  unchanged: number;
  rows: number;
  errors: LineError[];
}

export interface ImportOptions {
  linkWindowMs: number;
  now?: () => number;
  /** After each chunk: bytes read of the file's size, rows written so far. */
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
}

export async function importEventFile(store: Store, file: string, options: ImportOptions): Promise<FileSummary> {
  const now = options.now ?? Date.now;
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: EVENTS_SOURCE, kind: 'delivery' });
  const summary: FileSummary = { file, lines: 0, imported: 0, unchanged: 0, rows: 0, errors: [] };
  const services = new Set<string>();
  const incidents: string[] = [];
  const digest = createHash('sha256');
  try {
    let pending: ParsedEvent[] = [];
    const flush = async (): Promise<void> => {
      const chunk = pending;
      pending = [];
      if (chunk.length === 0) return;
      await writer.transaction(async () => {
        const stored = await storedDeliveries(
          store.connection,
          EVENTS_SOURCE,
          chunk.map((e) => e.deliveryId),
        );
        const fresh = chunk.filter((e) => !stored.has(e.deliveryId));
        summary.unchanged += chunk.length - fresh.length;
        summary.imported += fresh.length;
        const written = await writeBatch(writer, store.connection, normalizeEvents(fresh, now()));
        summary.rows += written.rows;
        for (const s of written.services) services.add(s);
        incidents.push(...written.incidents);
      });
      options.onProgress?.(input.bytesRead, size, summary.rows);
    };
    const input = createReadStream(file);
    const size = statSync(file).size;
    input.on('data', (chunk) => digest.update(chunk));
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const text of lines) {
      summary.lines++;
      const result = parseEventLine(text, summary.lines);
      if (!result.ok) summary.errors.push(result.error);
      else if (result.value !== null) pending.push(result.value);
      if (pending.length >= CHUNK) await flush();
    }
    await flush();
    await writer.transaction(() => deriveDelivery(writer, store.connection, { services, incidents }, options.linkWindowMs));
    await writer.execute('UPDATE ingest_runs SET input_sha256 = $1 WHERE run_id = $2', [digest.digest('hex'), runId]);
    const failed = summary.errors.length;
    await writer.finishRun(
      runId,
      failed === 0
        ? { status: 'ok', rows: summary.rows }
        : { status: 'failed', rows: summary.rows, error: `${failed} of ${summary.lines} lines rejected; first: line ${summary.errors[0]?.line}: ${summary.errors[0]?.reason}` },
    );
    return summary;
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: summary.rows, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
