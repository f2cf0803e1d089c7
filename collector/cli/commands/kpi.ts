/**
 * `pulse kpi NAME [--from T] [--to T] [--tz Z] [--group-by KEY] [--format F]`: computes one KPI as METRICS.md
 * defines it and prints it as a table, CSV or JSON; KPI-specific options come from the KPI definitions.
 * The work lives in kpi-action.ts, loaded only when the command runs.
 */
import { Option, type Command } from 'commander';
import { kpiDescription, kpiNames, kpiOptions } from '../../../queries/kpis.ts';
import { FORMATS } from '../format.ts';
import type { KpiOptions } from './kpi-action.ts';

export function registerKpi(program: Command): void {
  const kpi = program
    .command('kpi')
    .description('compute a KPI as METRICS.md defines it')
    .argument('<name>', `KPI name: ${kpiNames().map((n) => `${n} (${kpiDescription(n)})`).join('; ')}`)
    .option('--from <time>', 'window start, inclusive: ISO date or timestamp (default: 30 days before --to)')
    .option('--to <time>', 'window end, exclusive: ISO date or timestamp (default: now)')
    .option('--tz <zone>', 'IANA time zone for dates without an offset and for day/week buckets', 'UTC')
    .option('--group-by <key>', 'one row per group of this key (per KPI: see the error for the accepted keys)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));
  for (const option of kpiSpecificOptions()) kpi.addOption(option);
  kpi.action(async (name: string, options: KpiOptions, command: Command) => {
    const { kpiAction } = await import('./kpi-action.ts');
    await kpiAction(name, options, command);
  });
}

/** One commander option per KPI-specific option name, whichever KPIs declare it (checked per KPI in kpiRequest). */
export function kpiSpecificOptions(): Option[] {
  const byName = new Map<string, { users: string[]; choices: Set<string>; description: string; defaults: string[] }>();
  for (const kpi of kpiNames()) {
    for (const o of kpiOptions(kpi)) {
      const entry = byName.get(o.name) ?? { users: [], choices: new Set<string>(), description: o.description, defaults: [] };
      entry.users.push(kpi);
      for (const c of o.choices) entry.choices.add(c);
      entry.defaults.push(`${o.default} for ${kpi}`);
      byName.set(o.name, entry);
    }
  }
  return [...byName].map(([name, e]) => new Option(`--${name} <${[...e.choices].join('|')}>`, `${e.users.join(', ')}: ${e.description} (default: ${e.defaults.join(', ')})`));
}
