/**
 * `pulse collect`: runs the configured GPU collectors on a schedule. Each scrape job is scraped every interval
 * at its own jittered slot (sources/prometheus/scrape.ts jitteredDelay), and the Prometheus API collector pulls
 * the minutes finished since its last run (`lag` behind now) through the backfill path. `once` runs each
 * collector one time. An abort stops the loop after the batch in progress (a scrape cycle is written whole, a
 * backfill chunk not yet written is dropped and fetched again next time). Clock and sleep are injectable.
 */
import type { GpuWriteOptions } from '../../gpu/store.ts';
import { floorMinute } from '../../gpu/rollup.ts';
import type { Store } from '../../store/db.ts';
import type { PrometheusClient } from '../prometheus/api.ts';
import type { ScrapeJob } from '../prometheus/scrape-config.ts';
import { currentTargets } from '../prometheus/scrape-config.ts';
import { jitteredDelay } from '../prometheus/scrape.ts';
import { sleepUnlessAborted } from '../poll-sleep.ts';
import type { BackfillOptions, BackfillSummary } from './backfill.ts';
import { backfill, backfillJobKey, jobProgress } from './backfill.ts';
import { planQueries } from './backfill-queries.ts';
import type { IdentityOptions } from './identity.ts';
import type { ScrapeIngestSummary } from './scrape-ingest.ts';
import { scrapeIntoStore } from './scrape-ingest.ts';

/** The first run of the API collector reaches this far back (`pulse collect --backfill` goes further). */
export const LIVE_INITIAL_MS = 3_600_000;

export interface ApiCollector {
  readonly client: PrometheusClient;
  /** Backfill settings of the live job; its window is set on every run. */
  readonly settings: Omit<BackfillOptions, 'fromMs' | 'toMs' | 'job' | 'signal' | 'onProgress'>;
  readonly intervalMs: number;
  readonly lagMs: number;
}

export interface CollectPlan {
  readonly scrapeJobs: readonly ScrapeJob[];
  readonly concurrency: number;
  readonly identity: IdentityOptions;
  readonly gpu: GpuWriteOptions;
  readonly api: ApiCollector | undefined;
}

export type CollectEvent =
  | { readonly kind: 'scrape'; readonly job: string; readonly summary: ScrapeIngestSummary; readonly discoveryErrors: readonly string[] }
  | { readonly kind: 'api'; readonly summary: BackfillSummary; readonly fromMs: number; readonly toMs: number };

export interface CollectOptions {
  readonly once: boolean;
  readonly signal: AbortSignal;
  readonly onEvent: (event: CollectEvent) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Collector {
  readonly key: string;
  readonly intervalMs: number;
  run(): Promise<void>;
}

async function runApi(store: Store, api: ApiCollector, now: number, onEvent: CollectOptions['onEvent']): Promise<void> {
  const options = { ...api.settings, job: 'live', fromMs: 0, toMs: 0 };
  const key = backfillJobKey(options, planQueries({ windows: options.windows, lookbackMs: options.lookbackMs, matchers: options.matchers }));
  const toMs = floorMinute(now - api.lagMs);
  const fromMs = (await jobProgress(store, key)) ?? toMs - LIVE_INITIAL_MS;
  if (toMs <= fromMs) return;
  const summary = await backfill(store, api.client, { ...options, fromMs, toMs });
  onEvent({ kind: 'api', summary, fromMs, toMs });
}

export async function runCollect(store: Store, plan: CollectPlan, options: CollectOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const collectors: Collector[] = plan.scrapeJobs.map((job) => ({
    key: `scrape:${job.settings.job}`,
    intervalMs: job.settings.intervalMs,
    run: async () => {
      const discovered = await currentTargets([job]);
      const summary = await scrapeIntoStore(store, discovered.targets, { concurrency: plan.concurrency, identity: plan.identity, gpu: plan.gpu, now });
      options.onEvent({ kind: 'scrape', job: job.settings.job, summary, discoveryErrors: discovered.errors.map((e) => e.message) });
    },
  }));
  const api = plan.api;
  if (api !== undefined) collectors.push({ key: 'api', intervalMs: api.intervalMs, run: () => runApi(store, api, now(), options.onEvent) });
  if (collectors.length === 0) throw new Error('nothing to collect: configure scrape.jobs or prometheus in pulse.yaml, or pass --target / --prometheus');

  if (options.once) {
    for (const c of collectors) {
      if (options.signal.aborted) return;
      await c.run();
    }
    return;
  }
  const due = new Map(collectors.map((c) => [c, now() + jitteredDelay(c.intervalMs, c.key, now())]));
  while (!options.signal.aborted) {
    const next = Math.min(...due.values());
    await sleep(Math.max(0, next - now()), options.signal);
    if (options.signal.aborted) return;
    for (const c of collectors) {
      if ((due.get(c) ?? 0) > now()) continue;
      await c.run();
      // The next slot: 0 means this very instant, which was this run's slot.
      due.set(c, now() + (jitteredDelay(c.intervalMs, c.key, now()) || c.intervalMs));
      if (options.signal.aborted) return;
    }
  }
}
