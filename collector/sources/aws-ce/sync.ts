/**
 * `pulse sync aws-ce`: pulls the restatement window (1st of the previous month to yesterday) from Cost Explorer
 * and replaces that window of the aws-ce cost lines in one transaction, so restated and vanished groups converge
 * and a failure leaves the previous data as it was. Every run is an ingest_runs row with its billed pages.
 */
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import type { AwsConfig } from '../../config/cost.ts';
import { restatementWindow, type SyncWindow } from './window.ts';
import { costAndUsageRequest } from './request.ts';
import { CeFetchError, fetchAllPages } from './fetch.ts';
import { parseCostPages } from './parse.ts';
import { estimatePages, pagesCost, type PageHistory } from './pricing.ts';

export const SOURCE = 'aws-ce';

export interface SyncPlan {
  window: SyncWindow;
  groupBy: string[];
  estimatedPages: number;
  estimatedCostUsd: string;
  basis: string;
}

export interface SyncSummary {
  window: SyncWindow;
  pages: number;
  attempts: number;
  costUsd: string;
  rows: number;
  estimatedRows: number;
  replacedRows: number;
}

/** The last successful sync's pages and window length, the basis of the dry-run estimate. */
async function lastSync(store: Store): Promise<PageHistory | null> {
  const reader = await store.connection.runAndReadAll(
    `SELECT api_requests, epoch(window_end - window_start) / 86400 AS days FROM ingest_runs
     WHERE source = $1 AND status = 'ok' ORDER BY started_at DESC LIMIT 1`,
    [SOURCE],
  );
  const row = reader.getRowObjectsJS()[0];
  return row ? { pages: Number(row['api_requests']), days: Number(row['days']) } : null;
}

/** What a sync would request and cost, without calling AWS (`--dry-run`). */
export async function planSync(store: Store, config: AwsConfig, now: number): Promise<SyncPlan> {
  const window = restatementWindow(now);
  const estimate = estimatePages(window.days, await lastSync(store));
  return { window, groupBy: config.group_by, estimatedPages: estimate.pages, estimatedCostUsd: pagesCost(estimate.pages), basis: estimate.basis };
}

export async function syncCostExplorer(
  store: Store,
  client: CostExplorerClient,
  config: AwsConfig,
  options: { now: number; onPage?: (pages: number) => void; signal?: AbortSignal },
): Promise<SyncSummary> {
  const window = restatementWindow(options.now);
  const request = costAndUsageRequest(config, window);
  const writer = new StoreWriter(store.connection);
  const runId = await writer.startRun({ source: SOURCE, kind: 'cost', windowStart: window.startMs, windowEnd: window.endMs });
  let pages = 0;
  try {
    const fetched = await fetchAllPages(client, request, { onPage: (n) => { pages = n; options.onPage?.(n); }, signal: options.signal });
    const rows = parseCostPages(fetched.pages, request.GroupBy ?? [], runId);
    const inWindow = 'x_source = $1 AND ChargePeriodStart >= $2::TIMESTAMPTZ AND ChargePeriodStart < $3::TIMESTAMPTZ';
    const params = [SOURCE, new Date(window.startMs).toISOString(), new Date(window.endMs).toISOString()];
    const replacedRows = await writer.transaction(async () => {
      const reader = await store.connection.runAndReadAll(`SELECT count(*) AS n FROM cost_line WHERE ${inWindow}`, params);
      await writer.execute(`DELETE FROM cost_line WHERE ${inWindow}`, params);
      await writer.appendRows('cost_line', rows);
      return Number(reader.getRowObjectsJS()[0]?.['n'] ?? 0);
    });
    await writer.finishRun(runId, { status: 'ok', rows: rows.length, apiRequests: pages });
    return {
      window,
      pages,
      attempts: fetched.attempts,
      costUsd: pagesCost(pages),
      rows: rows.length,
      estimatedRows: rows.filter((r) => r['x_estimated'] === true).length,
      replacedRows,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writer.finishRun(runId, { status: 'failed', rows: 0, apiRequests: error instanceof CeFetchError ? error.pages : pages, error: message });
    throw error;
  }
}
