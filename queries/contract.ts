/**
 * The `pulse kpi` output contract (METRICS.md), shared by the CLI, the HTTP API, IPC and the renderer.
 * Pure types and constants only: importable from the browser.
 */
import type { PlainRow, PlainValue } from './convert.ts';

export type { PlainRow, PlainValue };

export interface KpiRequest {
  /** ISO timestamps (UTC); --from inclusive, --to exclusive. */
  from: string;
  to: string;
  tz: string;
  groupBy: string | null;
  /** KPI-specific options by name (e.g. { median: 'lower' }); absent ones take the KPI's defaults. */
  options?: Readonly<Record<string, string>>;
}

export interface KpiResult {
  kpi: string;
  params: Record<string, PlainValue>;
  rows: PlainRow[];
  notes: string[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: string };

export const KPI_NAMES = ['gpu-util'] as const;
export type KpiName = (typeof KPI_NAMES)[number];
