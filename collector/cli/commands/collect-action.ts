/** What `pulse collect` does (collect.ts registers it and loads this module when the command runs). */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { PulseConfig } from '../../config/schema.ts';
import type { GpuCollectConfig } from '../../config/gpu-collect.ts';
import { floorMinute } from '../../gpu/rollup.ts';
import type { BackfillSummary } from '../../sources/dcgm/backfill.ts';
import { backfill, detectRangeWindows } from '../../sources/dcgm/backfill.ts';
import type { RangeWindows } from '../../sources/dcgm/backfill-queries.ts';
import type { CollectEvent, CollectPlan } from '../../sources/dcgm/collect-loop.ts';
import { runCollect } from '../../sources/dcgm/collect-loop.ts';
import type { IdentityOptions } from '../../sources/dcgm/identity.ts';
import { PrometheusClient } from '../../sources/prometheus/api.ts';
import { prometheusEndpointSchema, resolvePrometheusEndpoint } from '../../sources/prometheus/api-config.ts';
import { parsePromDuration } from '../../sources/prometheus/prom-duration.ts';
import type { ScrapeJob } from '../../sources/prometheus/scrape-config.ts';
import { resolveScrapeConfig } from '../../sources/prometheus/scrape-config.ts';
import { buildTargets, scrapeSettings } from '../../sources/prometheus/scrape-target.ts';
import type { Store } from '../../store/db.ts';
import { openStore } from '../../store/db.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { progressBar } from '../progress.ts';
import { groupThousands } from '../format.ts';

export interface CollectCliOptions {
  once?: boolean;
  backfill?: boolean;
  from?: string;
  to?: string;
  target: string[];
  prometheus?: string;
  matchers?: string;
  scrapeInterval?: string;
  chunk?: string;
  windows?: string;
}

/** An ISO 8601 time, or a duration meaning that long before now (`--from 7d`). */
function parseTimeArg(name: string, text: string, now: number): number {
  const ago = parsePromDuration(text);
  const ms = ago === undefined ? Date.parse(text) : now - ago;
  if (!Number.isFinite(ms)) throw new UsageError(`${name}: expected an ISO 8601 time or a duration before now such as 24h or 7d, got "${text}"`);
  return ms;
}

function durationArg(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parsePromDuration(text);
  if (ms === undefined || ms === 0) throw new UsageError(`${name}: expected a duration such as 15s, 1m or 6h, got "${text}"`);
  return ms;
}

/** A dcgm-exporter URL as a scrape job of one target. */
function targetJob(url: string, index: number, collect: GpuCollectConfig): ScrapeJob {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--target: expected a URL such as http://gpu-node-1:9400/metrics, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--target: expected an http(s) URL, got "${url}"`);
  const settings = scrapeSettings({ job: `target-${index + 1}`, intervalMs: collect.scrape_interval, timeoutMs: Math.min(10_000, collect.scrape_interval) });
  const group = { targets: [parsed.host], labels: { __scheme__: parsed.protocol.slice(0, -1), __metrics_path__: parsed.pathname === '/' ? '/metrics' : parsed.pathname } };
  return { settings, staticTargets: buildTargets([group], settings), discovery: undefined };
}

/** The Prometheus API of pulse.yaml, its URL replaced by --prometheus; or one made from --prometheus alone. */
function client(config: PulseConfig, override: string | undefined): { client: PrometheusClient; url: string } | undefined {
  let endpoint = config.prometheus;
  if (override !== undefined) {
    const parsed = prometheusEndpointSchema.safeParse({ url: override });
    if (!parsed.success) throw new UsageError(`--prometheus: expected an http(s) URL without credentials, got "${override}"`);
    endpoint = endpoint === undefined ? parsed.data : { ...endpoint, url: parsed.data.url };
  }
  if (endpoint === undefined) return undefined;
  return { client: new PrometheusClient(resolvePrometheusEndpoint(endpoint, process.env)), url: endpoint.url };
}

async function rangeWindows(requested: string, api: PrometheusClient, atMs: number): Promise<{ windows: RangeWindows; how: string }> {
  if (requested === 'closed' || requested === 'left_open') return { windows: requested, how: 'configured' };
  const detected = await detectRangeWindows(api, atMs);
  return detected === undefined ? { windows: 'left_open', how: 'no DCGM data to probe; assumed' } : { windows: detected, how: 'probed' };
}

function describeBackfill(s: BackfillSummary, seconds: number): string {
  const parts = [
    `backfill: ${s.chunksDone} of ${s.chunks} chunks in ${seconds.toFixed(1)}s` + (s.chunksSkipped > 0 ? ` (${s.chunksSkipped} done before)` : ''),
    `${s.units} GPUs / MIG instances, ${groupThousands(s.minuteRows)} minute rows, ${s.allocationRows} allocation rows`,
    `${s.requests} API requests`,
  ];
  if (s.anomalyMinutes > 0) parts.push(`${s.anomalyMinutes} unit-minutes re-read raw (sentinels, NaN, counter resets, pod changes)`);
  if (s.unresolvedRequests > 0) parts.push(`${s.unresolvedRequests} kube-state-metrics GPU requests not placed on a GPU (enable dcgm-exporter pod labels)`);
  return parts.join('; ');
}

function describeEvent(event: CollectEvent): string {
  if (event.kind === 'api') {
    return `${new Date().toISOString()} prometheus: ${new Date(event.fromMs).toISOString()} → ${new Date(event.toMs).toISOString()}: ${event.summary.minuteRows} minute rows, ${event.summary.requests} requests`;
  }
  const { results, gpu } = event.summary;
  const down = results.filter((r) => r.up === 0);
  const lines = [`${new Date().toISOString()} scrape ${event.job}: ${results.length - down.length}/${results.length} targets up, ${gpu.units} GPUs, ${gpu.minuteRows} minute rows`];
  for (const r of down) lines.push(`  down ${r.target.url}: ${r.error?.message ?? 'unknown error'}`);
  for (const e of event.discoveryErrors) lines.push(`  file_sd: ${e}`);
  return lines.join('\n');
}

async function runBackfill(store: Store, options: CollectCliOptions, config: PulseConfig, identity: IdentityOptions): Promise<void> {
  const api = client(config, options.prometheus);
  if (api === undefined) throw new UsageError('--backfill: no Prometheus API: set prometheus.url in pulse.yaml or pass --prometheus URL');
  if (options.from === undefined) throw new UsageError('--backfill needs --from (an ISO 8601 time, or a duration before now such as 7d)');
  const collect = config.gpu.collect;
  const now = Date.now();
  const fromMs = floorMinute(parseTimeArg('--from', options.from, now));
  const toMs = floorMinute(options.to === undefined ? now - collect.lag : parseTimeArg('--to', options.to, now));
  if (toMs <= fromMs) throw new UsageError('--to must be at least one minute after --from');
  const interval = durationArg('--scrape-interval', options.scrapeInterval, collect.scrape_interval);
  const { windows, how } = await rangeWindows(options.windows ?? collect.range_windows, api.client, toMs - 1);
  process.stderr.write(`range windows: ${windows === 'closed' ? 'closed [t−w, t] (Prometheus 2.x)' : 'left-open (t−w, t] (Prometheus 3.x)'}, ${how}\n`);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar('backfill (chunks)');
  const started = Date.now();
  try {
    const summary = await backfill(store, api.client, {
      fromMs,
      toMs,
      chunkMs: durationArg('--chunk', options.chunk, collect.backfill_chunk),
      lookbackMs: 2 * interval,
      windows,
      identity,
      matchers: options.matchers ?? '',
      timeSlicingReplicas: collect.time_slicing_replicas,
      kubeStateMetrics: collect.kube_state_metrics,
      server: api.url,
      signal: abort.signal,
      onProgress: (done, total, rows) => bar.update(done, total, rows),
    });
    bar.finish(describeBackfill(summary, (Date.now() - started) / 1000));
    for (const w of summary.warnings) process.stderr.write(`warning from the server: ${w}\n`);
    if (summary.interrupted) {
      process.stderr.write('interrupted: finished chunks are kept; run the same command again to continue\n');
      process.exitCode = 130;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export async function collectAction(options: CollectCliOptions, command: Command): Promise<void> {
  if (options.windows !== undefined && !['auto', 'closed', 'left_open'].includes(options.windows)) {
    throw new UsageError(`--windows: expected auto, closed or left_open, got "${options.windows}"`);
  }
  const { db, config, configFile } = await globalOptions(command);
  const collect = config.gpu.collect;
  const identity: IdentityOptions = { clusterLabel: collect.cluster_label, defaultCluster: collect.cluster };
  const store = await openStore(db);
  try {
    if (options.backfill === true) {
      await runBackfill(store, options, config, identity);
      return;
    }
    const jobs = await resolveScrapeConfig(config.scrape, { env: process.env, baseDir: dirname(resolve(configFile)) });
    const extra = options.target.map((url, i) => targetJob(url, i, collect));
    const api = client(config, options.prometheus);
    const interval = durationArg('--scrape-interval', options.scrapeInterval, collect.scrape_interval);
    const plan: CollectPlan = {
      scrapeJobs: [...jobs, ...extra],
      concurrency: config.scrape.concurrency,
      identity,
      gpu: { lookbackMs: 2 * interval, timeSlicingReplicas: collect.time_slicing_replicas, rawRetentionMs: collect.raw_retention },
      api:
        api === undefined
          ? undefined
          : {
              client: api.client,
              intervalMs: collect.interval,
              lagMs: collect.lag,
              settings: {
                chunkMs: durationArg('--chunk', options.chunk, collect.backfill_chunk),
                lookbackMs: 2 * interval,
                windows: (await rangeWindows(options.windows ?? collect.range_windows, api.client, Date.now() - collect.lag)).windows,
                identity,
                matchers: options.matchers ?? '',
                timeSlicingReplicas: collect.time_slicing_replicas,
                kubeStateMetrics: collect.kube_state_metrics,
                server: api.url,
              },
            },
    };
    const abort = new AbortController();
    const onSigint = (): void => {
      process.stderr.write('stopping after the current batch…\n');
      abort.abort();
    };
    process.once('SIGINT', onSigint);
    try {
      await runCollect(store, plan, { once: options.once === true, signal: abort.signal, onEvent: (event) => process.stderr.write(`${describeEvent(event)}\n`) });
    } finally {
      process.off('SIGINT', onSigint);
    }
  } finally {
    store.close();
  }
}
