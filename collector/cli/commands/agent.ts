/**
 * `pulse agent nvidia-smi [--interval 15s]`: polls the local nvidia-smi on a host without DCGM and writes its
 * readings; Ctrl-C stops cleanly after the current poll.
 * The work lives in agent-action.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { AgentCliOptions } from './agent-action.ts';

export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('run a local collector (see the subcommands)');
  agent
    .command('nvidia-smi')
    .description('poll the local nvidia-smi (hosts without DCGM) and write GPU telemetry until Ctrl-C')
    .option('--interval <duration>', 'time between polls', '15s')
    .option('--node <name>', 'this host in the GPU tables (default: the host name)')
    .option('--cluster <name>', 'cluster of this host (default: gpu.collect.cluster)')
    .option('--command <path>', 'the nvidia-smi executable', 'nvidia-smi')
    .action(async (options: AgentCliOptions, command: Command) => {
      const { agentAction } = await import('./agent-action.ts');
      await agentAction(options, command);
    });
  for (const sub of agent.commands) sub.exitOverride();
}
