import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../context.ts';
import { ConfigError, formatProblem, loadConfig, type ConfigProblem } from '../../config/load.ts';
import { loadQuerySpecs, QUERIES_DIR } from '../../../queries/registry.ts';
import { kpiNames } from '../../../queries/kpis.ts';
import { checkDashboards, DASHBOARDS_DIR } from '../../../dashboards/load.ts';

interface CheckOptions {
  dashboards: string;
  queries: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate pulse.yaml, the dashboards and the queries; list every problem (exit 1 if there is one)')
    .option('--dashboards <dir>', 'dashboards directory', DASHBOARDS_DIR)
    .option('--queries <dir>', 'queries directory', QUERIES_DIR)
    .action((options: CheckOptions, command: Command) => {
      const root = command.parent?.opts<{ config?: string }>() ?? {};
      const problems: ConfigProblem[] = [];
      try {
        loadConfig(root.config ?? DEFAULT_CONFIG_FILE, root.config !== undefined);
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
    });
}
