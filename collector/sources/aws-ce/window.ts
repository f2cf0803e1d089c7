/**
 * The Cost Explorer restatement window (SOURCES.md): bills change for days and finalize around the 5th–7th of the
 * next month, so every sync re-pulls from the 1st of the previous month to yesterday (UTC days) and replaces it.
 * Pure.
 */

const DAY_MS = 86_400_000;

export interface SyncWindow {
  /** First day, inclusive (YYYY-MM-DD): the 1st of the previous month. */
  start: string;
  /** Day after the last one (exclusive, Cost Explorer's End): today, so yesterday is the last day pulled. */
  end: string;
  startMs: number;
  endMs: number;
  days: number;
}

export function restatementWindow(nowMs: number): SyncWindow {
  const now = new Date(nowMs);
  const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const startMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return { start: isoDate(startMs), end: isoDate(endMs), startMs, endMs, days: Math.round((endMs - startMs) / DAY_MS) };
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
