import { Command, CommanderError } from 'commander';
import { DEFAULT_DB, UsageError } from './context.ts';
import { registerDemo } from './commands/demo.ts';
import { registerKpi } from './commands/kpi.ts';
import { registerCheck } from './commands/check.ts';
import { registerServe } from './commands/serve.ts';
import { registerImport } from './commands/import.ts';
import { registerSync } from './commands/sync.ts';
import { registerSlo } from './commands/slo.ts';
import { registerCollect } from './commands/collect.ts';
import { registerAgent } from './commands/agent.ts';

/** Builds the `pulse` program. Exit codes: 0 ok, 2 usage error naming the argument, 1 failure. */
export function buildProgram(): Command {
  const program = new Command('pulse')
    .description('Pulse: GPU utilization and idle GPUs, GPU spend, DORA, SLO burn and alert noise, from a local DuckDB file.')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--config <file>', 'configuration file (default: ./pulse.yaml when present)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerDemo(program);
  registerKpi(program);
  registerCheck(program);
  registerServe(program);
  registerImport(program);
  registerSync(program);
  registerSlo(program);
  registerCollect(program);
  registerAgent(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A command that finished but failed in part (rejected rows, an interrupted demo) sets process.exitCode.
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof RangeError) {
      process.stderr.write(`pulse: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`pulse: ${message.split('\n')[0]}\n`);
    if (error instanceof Error && message.includes('\n')) process.stderr.write(`${message.split('\n').slice(1).join('\n')}\n`);
    return 1;
  }
}
