/** What `pulse sync requests` does (sync-requests.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { PrometheusClient } from '../../sources/prometheus/api.ts';
import { resolvePrometheusEndpoint } from '../../sources/prometheus/api-config.ts';
import { dayWindows, syncRequestCounters } from '../../sources/usage/prometheus.ts';
import { isValidTimeZone, parseInstant, startOfDay } from '../../../queries/time.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

const DAY_MS = 86_400_000;

export interface RequestsCliOptions {
  from?: string;
  to?: string;
  tz?: string;
}

export async function syncRequestsAction(options: RequestsCliOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const tz = options.tz ?? config.timezone;
  if (!isValidTimeZone(tz)) throw new UsageError(`--tz: "${tz}" is not an IANA time zone (e.g. Europe/Paris)`);
  if (!config.prometheus) throw new UsageError('pulse sync requests reads a Prometheus API: set prometheus.url in pulse.yaml');
  const counters = config.inference.request_counters;
  if (counters.length === 0) throw new UsageError('no inference.request_counters in pulse.yaml: name a counter selector per model service');
  const now = Date.now();
  const instant = (flag: string, text: string): number => {
    const ms = parseInstant(text, tz);
    if (ms === null) throw new UsageError(`${flag}: expected an ISO date or timestamp, got "${text}"`);
    return ms;
  };
  const to = options.to === undefined ? now : instant('--to', options.to);
  const from = options.from === undefined ? startOfDay(now - 7 * DAY_MS, tz) : instant('--from', options.from);
  if (from >= to) throw new UsageError('--from must be before --to');
  const client = new PrometheusClient(resolvePrometheusEndpoint(config.prometheus, process.env));
  const store = await openStore(db);
  try {
    const windows = dayWindows(from, to, tz);
    const summary = await syncRequestCounters(store, client, counters, windows, { now });
    for (const [service, n] of summary.missing) process.stderr.write(`requests: ${service}: no samples in ${n} of ${windows.length} days (no row: cost-per-1k says no_usage_data)\n`);
    process.stdout.write(`requests: ${summary.rows} service-days from ${counters.length} counters over ${windows.length} days in ${tz} (${summary.queries} queries)\n`);
  } finally {
    store.close();
  }
}
