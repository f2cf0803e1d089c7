/**
 * SLOs as Pulse stores them, whatever spec format they came from (Sloth prometheus/v1, Sloth's Kubernetes CRD,
 * OpenSLO v1 and v1alpha). Pure types.
 */

/** Rolling N days, or a calendar week (Monday), month, quarter or year in an IANA zone. */
export type Period = { kind: 'rolling'; days: number } | { kind: 'calendar'; unit: CalendarUnit; timeZone: string };
export type CalendarUnit = 'week' | 'month' | 'quarter' | 'year';

/** Where bad and total events come from. Queries are PromQL templates that may hold `{{.window}}`. */
export type Sli =
  /** Sloth `events`: bad = error_query, total = total_query. */
  | { kind: 'events'; errorQuery: string; totalQuery: string }
  /** OpenSLO ratioMetric with `good`: bad = total − good. */
  | { kind: 'good-total'; goodQuery: string; totalQuery: string }
  /** OpenSLO ratioMetric with `bad`. */
  | { kind: 'bad-total'; badQuery: string; totalQuery: string }
  /** Sloth `raw`: the error ratio itself. */
  | { kind: 'raw'; errorRatioQuery: string }
  /** An SLI Pulse cannot evaluate (a Sloth SLI plugin, a non-PromQL source); `unsupported` says why. */
  | { kind: 'opaque'; source: string };

export type SpecFormat = 'sloth' | 'openslo';

export interface SloDefinition {
  /** service/name, the key in the slos table. */
  id: string;
  service: string;
  name: string;
  /** 0..1, strictly below 1. */
  objective: number;
  period: Period;
  sli: Sli;
  /** OpenSLO budgetingMethod (Sloth: Occurrences). */
  budgetingMethod: string;
  /** Why the SLO loads but cannot be evaluated, or null. */
  unsupported: string | null;
  format: SpecFormat;
  description: string | null;
  labels: Record<string, string>;
  /** Where the SLO is defined. */
  file: string;
  line: number;
}

/** The stored form of a period (slos.period). */
export function periodKey(period: Period): string {
  return period.kind === 'rolling' ? `rolling:${period.days}d` : `calendar:${period.unit}`;
}

export function periodZone(period: Period): string {
  return period.kind === 'calendar' ? period.timeZone : 'UTC';
}

/** One multiwindow pair of Sloth's AlertWindows: the budget share consumed, and the two windows (ms). */
export interface WindowPair {
  share: number;
  shortMs: number;
  longMs: number;
}

/** Sloth AlertWindows (sloth.slok.dev/v1): the alert windows it uses for SLOs of one period. */
export interface AlertWindows {
  periodDays: number;
  pageQuick: WindowPair;
  pageSlow: WindowPair;
  ticketQuick: WindowPair;
  ticketSlow: WindowPair;
  file: string;
  line: number;
}
