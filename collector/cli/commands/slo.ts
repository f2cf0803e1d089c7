/**
 * `pulse slo eval`: evaluates the SLIs of loaded SLOs into 5-minute bad/total buckets, by pushdown to a
 * Prometheus-compatible API or offline on the counters stored in Pulse. Ctrl-C stops after the current chunk;
 * running the same command again resumes there.
 * The work lives in slo-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { EvalOptions } from './slo-action.ts';

export function registerSlo(program: Command): void {
  const slo = program.command('slo').description('SLO evaluation (load specs with `pulse import slo`, read results with `pulse kpi slo`)');
  slo
    .command('eval')
    .description('evaluate SLIs into 5-minute bad/total buckets: pushed down to a Prometheus-compatible API, or offline on stored counters')
    .option('--slo <id...>', 'only these SLOs (service/name; default: all)')
    .option('--from <time>', 'window start (default: --to minus each SLO period and 3 days, so every burn window is filled)')
    .option('--to <time>', 'window end (default: now)')
    .addOption(new Option('--source <source>', 'prometheus (slo.prometheus in pulse.yaml, or --prometheus) or offline (stored counters)').choices(['prometheus', 'offline']))
    .option('--prometheus <url>', 'Prometheus-compatible API root (overrides slo.prometheus.url)')
    .action(async (options: EvalOptions, command: Command) => {
      const { sloEvalAction } = await import('./slo-action.ts');
      await sloEvalAction(options, command);
    });
  // main.ts makes the top-level commands throw instead of exiting; subcommands need the same.
  for (const sub of slo.commands) sub.exitOverride();
}
