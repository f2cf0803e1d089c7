/** What `pulse check` does (check.ts registers it; this module loads when the command runs). */
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../context.ts';
import { ConfigError, formatProblem, loadConfig, type ConfigProblem } from '../../config/load.ts';
import { loadQuerySpecs } from '../../../queries/registry.ts';
import { kpiNames } from '../../../queries/kpis.ts';
import { checkDashboards } from '../../../dashboards/load.ts';

export interface CheckOptions {
  dashboards: string;
  queries: string;
}

export async function checkAction(options: CheckOptions, command: Command): Promise<void> {
  const root = command.parent?.opts<{ config?: string }>() ?? {};
  const problems: ConfigProblem[] = [];
  try {
    await loadConfig(root.config ?? DEFAULT_CONFIG_FILE, root.config !== undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const queriesDir = options.queries.endsWith('/') ? options.queries : `${options.queries}/`;
  const { specs, errors } = loadQuerySpecs(queriesDir);
  problems.push(...errors.map((e) => ({ file: e.file, line: e.line, path: '', message: e.reason })));
  problems.push(...checkDashboards(options.dashboards, specs, kpiNames()));
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  if (problems.length > 0) throw new Error(`${problems.length} problem${problems.length > 1 ? 's' : ''} found`);
  process.stdout.write(`ok: configuration, ${specs.size} queries and the dashboards are valid\n`);
}
