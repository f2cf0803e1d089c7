/** What `pulse agent nvidia-smi` does (agent.ts registers it; this module loads when the command runs). */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { runAgent } from '../../sources/nvidia-smi/agent.ts';
import { parsePromDuration } from '../../sources/prometheus/prom-duration.ts';
import { openStore } from '../../store/db.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';

export interface AgentCliOptions {
  interval: string;
  node?: string;
  cluster?: string;
  command: string;
}

export async function agentAction(options: AgentCliOptions, command: Command): Promise<void> {
  const intervalMs = parsePromDuration(options.interval);
  if (intervalMs === undefined || intervalMs < 1000) throw new UsageError(`--interval: expected a duration of at least 1s such as 15s, got "${options.interval}"`);
  const { db, config } = await globalOptions(command);
  const store = await openStore(db);
  const abort = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('stopping after the current poll…\n');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const summary = await runAgent(store, {
      command: options.command,
      intervalMs,
      node: options.node ?? hostname(),
      cluster: options.cluster ?? config.gpu.collect.cluster,
      timeZone: config.timezone,
      rawRetentionMs: config.gpu.collect.raw_retention,
      signal: abort.signal,
      onPoll: (poll) =>
        process.stderr.write(
          poll.ok
            ? `${new Date(poll.atMs).toISOString()} nvidia-smi: ${poll.gpus} GPUs / MIG instances, ${poll.minuteRows} minute rows\n`
            : `${new Date(poll.atMs).toISOString()} nvidia-smi: ${poll.error}\n`,
        ),
    });
    process.stderr.write(`agent stopped: ${summary.polls} polls, ${summary.minuteRows} minute rows written\n`);
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}
