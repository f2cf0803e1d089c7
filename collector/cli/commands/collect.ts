/**
 * `pulse collect [--once]`: runs the GPU collectors of pulse.yaml (scrape.jobs → dcgm-exporter targets,
 * prometheus → a Prometheus-compatible API) on a schedule; `--target URL` and `--prometheus URL` add a
 * dcgm-exporter endpoint or an API without editing the file. `pulse collect --backfill --from … [--to …]`
 * fills a past window through the API path with a progress bar; a rerun of the same window continues where it
 * stopped. Ctrl-C stops cleanly after the current batch. The work lives in collect-action.ts, loaded only when
 * the command runs, so that other commands start without it.
 */
import type { Command } from 'commander';
import type { CollectCliOptions } from './collect-action.ts';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('collect GPU telemetry: scrape dcgm-exporter targets and/or pull rollups from a Prometheus-compatible API, on a schedule')
    .option('--once', 'run each collector once and exit')
    .option('--target <url>', 'a dcgm-exporter endpoint to scrape, e.g. http://gpu-node-1:9400/metrics (repeatable)', (value: string, list: string[]) => [...list, value], [])
    .option('--prometheus <url>', 'a Prometheus-compatible API (Prometheus, Thanos, Mimir, VictoriaMetrics); overrides prometheus.url')
    .option('--backfill', 'fill a past window through the Prometheus API (with --from, --to)')
    .option('--from <time>', 'backfill start: ISO 8601, or a duration before now (7d)')
    .option('--to <time>', 'backfill end (exclusive; default: now minus gpu.collect.lag)')
    .option('--matchers <promql>', 'label matchers added to every query, e.g. cluster="prod"')
    .option('--scrape-interval <duration>', 'scrape interval of the telemetry, for the gap rule (default: gpu.collect.scrape_interval)')
    .option('--chunk <duration>', 'backfill chunk length (default: gpu.collect.backfill_chunk)')
    .option('--windows <mode>', 'range window edges of the server: auto, closed (Prometheus 2.x) or left_open (3.x)')
    .action(async (options: CollectCliOptions, command: Command) => {
      const { collectAction } = await import('./collect-action.ts');
      await collectAction(options, command);
    });
}
