/**
 * `pulse sync requests`: inference volumes from request counters in a Prometheus-compatible API. For every
 * configured service and every day window (in the given zone) the raw counter samples of the window, with an
 * hour on either side, come from an instant query of a range selector (`selector[…s]`); their reset-aware
 * increase over exactly the window (counter-increase.ts) becomes one usage_metric row. The synced days of a
 * service replace whatever usage rows of that service overlapped them, in one transaction.
 */
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { PrometheusClient } from '../prometheus/api.ts';
import type { RequestCounter } from '../../config/cost.ts';
import { startOfDay, wallClockToUtcMs, zoneOffsetMs } from '../../../queries/time.ts';
import { totalIncrease } from './counter-increase.ts';
import { METRIC } from './import.ts';

export const SOURCE = 'prometheus-requests';
const MARGIN_MS = 3_600_000;

export interface Window {
  start: number;
  end: number;
}

/** Day windows in a zone covering [from, to), the first and last clipped to it. Pure. */
export function dayWindows(from: number, to: number, tz: string): Window[] {
  const windows: Window[] = [];
  for (let day = startOfDay(from, tz); day < to; ) {
    const local = new Date(day + zoneOffsetMs(tz, day));
    const next = wallClockToUtcMs({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() + 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, tz);
    windows.push({ start: Math.max(day, from), end: Math.min(next, to) });
    day = next;
  }
  return windows;
}

export interface RequestSyncSummary {
  rows: number;
  queries: number;
  /** service → windows without any sample (no row written: the KPI says no_usage_data). */
  missing: Map<string, number>;
}

/** The raw samples of every series of a selector between `from` and `to` (≤ now). */
async function samplesBetween(client: PrometheusClient, selector: string, from: number, to: number): Promise<{ t: number; value: number }[][]> {
  const seconds = Math.max(1, Math.ceil((to - from) / 1000));
  const { data } = await client.query(`${selector}[${seconds}s]`, to);
  if (data.resultType !== 'matrix') throw new Error(`${selector}: expected raw samples (a range vector), got a ${data.resultType}: give a counter selector such as http_requests_total{job="ranker"}`);
  return data.series.map((s) => s.points.map((p) => ({ t: p.timestampMs, value: p.value })));
}

export async function syncRequestCounters(
  store: Store,
  client: PrometheusClient,
  counters: readonly RequestCounter[],
  windows: readonly Window[],
  options: { now: number; signal?: AbortSignal },
): Promise<RequestSyncSummary> {
  const first = windows[0];
  const last = windows[windows.length - 1];
  if (!first || !last) return { rows: 0, queries: 0, missing: new Map() };
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: SOURCE, kind: 'usage', windowStart: first.start, windowEnd: last.end });
  let queries = 0;
  try {
    const rows: Record<string, unknown>[] = [];
    const missing = new Map<string, number>();
    for (const counter of counters) {
      for (const w of windows) {
        if (options.signal?.aborted) throw new Error('interrupted');
        const series = await samplesBetween(client, counter.selector, w.start - MARGIN_MS, Math.min(w.end + MARGIN_MS, options.now));
        queries++;
        const requests = totalIncrease(series, w.start, w.end);
        if (requests === null) missing.set(counter.service, (missing.get(counter.service) ?? 0) + 1);
        else rows.push({ metric: METRIC, service: counter.service, window_start: w.start, window_end: w.end, value: Math.round(requests), source: SOURCE });
      }
    }
    await writer.transaction(async () => {
      await writer.execute(
        'DELETE FROM usage_metric WHERE metric = $1 AND list_contains($2, service) AND window_start < $3::TIMESTAMPTZ AND window_end > $4::TIMESTAMPTZ',
        [METRIC, counters.map((c) => c.service), new Date(last.end).toISOString(), new Date(first.start).toISOString()],
      );
      await writer.appendRows('usage_metric', rows);
    });
    await writer.finishRun(runId, { status: 'ok', rows: rows.length, apiRequests: queries });
    return { rows: rows.length, queries, missing };
  } catch (error) {
    await writer.finishRun(runId, { status: 'failed', rows: 0, apiRequests: queries, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
