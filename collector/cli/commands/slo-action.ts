/** What `pulse slo eval` does (slo.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { openStore } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { PrometheusClient } from '../../sources/prometheus/api.ts';
import { resolvePrometheusEndpoint } from '../../sources/prometheus/api-config.ts';
import { evaluateSlo, type BucketSource } from '../../sources/slo/evaluate.ts';
import { offlineSource } from '../../sources/slo/offline.ts';
import { prometheusSource } from '../../sources/slo/pushdown.ts';
import { readSlos } from '../../sources/slo/store.ts';
import { parseInstant } from '../../../queries/time.ts';
import type { PulseConfig } from '../../config/schema.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

export interface EvalOptions {
  slo?: string[];
  from?: string;
  to?: string;
  source?: 'prometheus' | 'offline';
  prometheus?: string;
}

const DAY_MS = 86_400_000;

export async function sloEvalAction(options: EvalOptions, command: Command): Promise<void> {
  const { db, config } = await globalOptions(command);
  const now = Date.now();
  const instant = (flag: string, text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const ms = parseInstant(text, config.timezone);
    if (ms === null) throw new UsageError(`${flag}: expected an ISO date or timestamp, got "${text}"`);
    return ms;
  };
  const toMs = instant('--to', options.to, now);
  const fromMs = options.from === undefined ? null : instant('--from', options.from, now);
  if (fromMs !== null && fromMs >= toMs) throw new UsageError('--from must be before --to');
  const source = options.source ?? (options.prometheus !== undefined || config.slo.prometheus ? 'prometheus' : 'offline');

  const store = await openStore(db);
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    const bucketSource = source === 'prometheus' ? prometheusBuckets(config, options.prometheus) : offlineSource(store.connection);
    const writer = new StoreWriter(store.connection);
    const slos = await readSlos(store.connection, options.slo ?? null);
    if (slos.length === 0) throw new UsageError('no SLOs loaded: load specs with `pulse import slo FILE…`');
    for (const s of slos) {
      const window = { fromMs: fromMs ?? toMs - (s.periodDays + 3) * DAY_MS, toMs };
      const runId = await writer.startRun({ source: bucketSource.path, kind: 'slo', windowStart: window.fromMs, windowEnd: window.toMs });
      try {
        const outcome = await evaluateSlo(store.connection, writer, s, bucketSource, window, { signal: stop.signal });
        if (!outcome.ok) {
          await writer.finishRun(runId, { status: 'failed', rows: 0, error: outcome.reason });
          process.stdout.write(`${s.id}: not evaluated: ${outcome.reason}\n`);
          continue;
        }
        await writer.finishRun(runId, { status: 'ok', rows: outcome.buckets, apiRequests: outcome.requests });
        const resumed = outcome.resumedFromMs === null ? '' : ` (resumed at ${new Date(outcome.resumedFromMs).toISOString()})`;
        const stopped = outcome.doneUntilMs < Math.floor(toMs / 300_000) * 300_000 ? `; stopped at ${new Date(outcome.doneUntilMs).toISOString()}: run again to resume` : '';
        process.stdout.write(`${s.id}: ${outcome.buckets} buckets from ${bucketSource.path}${resumed}${stopped}\n`);
      } catch (error) {
        await writer.finishRun(runId, { status: 'failed', rows: 0, error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      if (stop.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}

function prometheusBuckets(config: PulseConfig, url: string | undefined): BucketSource {
  const endpoint = config.slo.prometheus;
  const options = endpoint ? resolvePrometheusEndpoint(endpoint, process.env) : null;
  const baseUrl = url ?? options?.baseUrl;
  if (baseUrl === undefined) throw new UsageError('--source prometheus: give --prometheus URL or slo.prometheus.url in pulse.yaml');
  return prometheusSource(new PrometheusClient({ ...options, baseUrl }));
}
