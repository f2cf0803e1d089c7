/**
 * One scrape cycle into the store: the configured targets are scraped (sources/prometheus/scrape.ts),
 * dcgm-exporter samples go to the GPU tables, every other sample and each target's `up` / `scrape_*` series to
 * series / samples, and scrape_targets records each target's state. A target's samples are kept only when its
 * scrape succeeded (a scrape that failed part-way is dropped whole, as Prometheus does); a target that is down
 * never stops the others. The cycle is written in one transaction.
 */
import { GpuBatch } from '../../gpu/batch.ts';
import type { GpuWriteOptions, GpuWriteSummary } from '../../gpu/store.ts';
import { writeGpuBatch } from '../../gpu/store.ts';
import type { Store } from '../../store/db.ts';
import { StoreWriter } from '../../store/writer.ts';
import { labelView } from '../prometheus/exposition.ts';
import type { ScrapedSample, ScrapeResult } from '../prometheus/scrape.ts';
import { runScrapeCycle, upSamples } from '../prometheus/scrape.ts';
import type { ScrapeTarget } from '../prometheus/scrape-target.ts';
import { canonicalSeriesKey, SeriesBatch, writeSeriesBatch } from '../prometheus/series-store.ts';
import type { IdentityOptions } from './identity.ts';
import { DcgmReader } from './reader.ts';

export interface ScrapeIngestOptions {
  readonly concurrency: number;
  readonly identity: IdentityOptions;
  readonly gpu: GpuWriteOptions;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface ScrapeIngestSummary {
  readonly results: readonly ScrapeResult[];
  readonly gpu: GpuWriteSummary;
  readonly seriesSamples: number;
}

export async function scrapeIntoStore(store: Store, targets: readonly ScrapeTarget[], options: ScrapeIngestOptions): Promise<ScrapeIngestSummary> {
  const pending = new Map<ScrapeTarget, ScrapedSample[]>();
  const results = await runScrapeCycle(targets, {
    concurrency: options.concurrency,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.now === undefined ? {} : { now: options.now }),
    onSample: (sample, target) => {
      let list = pending.get(target);
      if (list === undefined) {
        list = [];
        pending.set(target, list);
      }
      list.push(sample);
    },
  });
  const batch = new GpuBatch('dcgm', true);
  const reader = new DcgmReader(batch, options.identity);
  const series = new SeriesBatch();
  const keep = (s: ScrapedSample): void => {
    if (!reader.add(s.name, labelView(s.labels), s.timestampMs, s.value)) series.add(canonicalSeriesKey(s.name, s.labels), s.name, s.labels, s.timestampMs, s.value);
  };
  for (const result of results) {
    if (result.up === 1) for (const s of pending.get(result.target) ?? []) keep(s);
    for (const s of upSamples(result)) keep(s);
  }
  const writer = new StoreWriter(store.connection);
  return writer.transaction(async () => {
    const gpu = await writeGpuBatch(store.connection, writer, batch, options.gpu);
    const seriesSamples = await writeSeriesBatch(store.connection, writer, series);
    for (const r of results) {
      await writer.execute(
        `INSERT INTO scrape_targets VALUES ($1, $2, $3, to_timestamp($4 / 1000), $5, $6, $7)
         ON CONFLICT (target) DO UPDATE SET job = excluded.job, labels = excluded.labels, last_scrape_at = excluded.last_scrape_at,
           up = excluded.up, last_error = excluded.last_error, last_duration_s = excluded.last_duration_s`,
        [r.target.url, r.target.settings.job, JSON.stringify(r.target.labels), r.startedAtMs, r.up === 1, r.error?.message ?? null, r.durationMs / 1000],
      );
    }
    return { results, gpu, seriesSamples };
  });
}
