/**
 * `pulse import KIND FILE…`: loads files into the database. Each kind is a subcommand in its own module,
 * registered here (`import events`, and the importers of the other domains).
 */
import type { Command } from 'commander';
import { registerImportEvents } from './import-events.ts';
import { registerImportFocus } from './import-focus.ts';
import { registerImportUsage } from './import-usage.ts';
import { registerImportSlo } from './import-slo.ts';
import { registerImportAlertmanager } from './import-alertmanager.ts';
import { registerImportPagerDuty } from './import-pagerduty.ts';
import { registerImportProm } from './import-prom.ts';
import { registerImportNvidiaSmi } from './import-nvidia-smi.ts';

export function registerImport(program: Command): void {
  const command = program.command('import').description('load files into the database (see the subcommands)');
  registerImportEvents(command);
  registerImportFocus(command);
  registerImportUsage(command);
  registerImportSlo(command);
  registerImportAlertmanager(command);
  registerImportPagerDuty(command);
  registerImportProm(command);
  registerImportNvidiaSmi(command);
  // main.ts makes the top-level commands throw instead of exiting; subcommands need the same.
  for (const sub of command.commands) sub.exitOverride();
}
