import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { Engine } from '../../engine.ts';
import { kpiDescription, kpiGroupBy, kpiNames, kpiOptions } from '../../../queries/kpis.ts';
import { isValidTimeZone, parseInstant } from '../../../queries/time.ts';
import type { KpiRequest } from '../../../queries/contract.ts';
import { FORMATS, formatKpi, type Format } from '../format.ts';
import { globalOptions, UsageError } from '../context.ts';

interface KpiOptions {
  from?: string;
  to?: string;
  tz: string;
  groupBy?: string;
  format: Format;
  /** KPI-specific options (KpiDefinition.options), by attribute name. */
  [option: string]: string | undefined;
}

const DAY_MS = 86_400_000;

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
    const request = kpiRequest(name, options);
    const global = globalOptions(command);
    if (!existsSync(global.db)) throw new Error(`database ${global.db} does not exist (create it with \`pulse demo\` or an import)`);
    const engine = await Engine.open(global.db, global.config);
    try {
      const result = await engine.kpi(name, request);
      process.stdout.write(formatKpi(result, options.format));
    } finally {
      engine.close();
    }
  });
}

/** Validates the arguments of `pulse kpi` into a request; every failure names the argument. */
export function kpiRequest(name: string, options: KpiOptions, now: number = Date.now()): KpiRequest {
  if (!kpiNames().includes(name)) throw new UsageError(`unknown KPI "${name}": expected one of ${kpiNames().join(', ')}`);
  if (!isValidTimeZone(options.tz)) throw new UsageError(`--tz: "${options.tz}" is not an IANA time zone (e.g. Europe/Paris)`);
  const instant = (flag: string, text: string): number => {
    const ms = parseInstant(text, options.tz);
    if (ms === null) throw new UsageError(`${flag}: expected an ISO date or timestamp (2026-10-01 or 2026-10-01T12:00:00Z), got "${text}"`);
    return ms;
  };
  const to = options.to === undefined ? now : instant('--to', options.to);
  const from = options.from === undefined ? to - 30 * DAY_MS : instant('--from', options.from);
  if (from >= to) throw new UsageError('--from must be before --to');
  const groupBy = options.groupBy ?? null;
  if (groupBy !== null && !kpiGroupBy(name).includes(groupBy)) {
    const accepted = kpiGroupBy(name);
    throw new UsageError(
      accepted.length === 0
        ? `--group-by: ${name} has one row per item and takes no --group-by`
        : `--group-by: ${name} cannot be grouped by "${groupBy}" (expected one of ${accepted.join(', ')})`,
    );
  }
  const request: KpiRequest = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), tz: options.tz, groupBy };
  const specific: Record<string, string> = {};
  for (const option of kpiSpecificOptions()) {
    const value = options[option.attributeName()];
    if (value === undefined) continue;
    const declared = kpiOptions(name).find((o) => o.name === option.attributeName());
    if (!declared) throw new UsageError(`${option.long}: not an option of ${name}`);
    if (!declared.choices.includes(value)) throw new UsageError(`${option.long}: expected one of ${declared.choices.join(', ')}, got "${value}"`);
    specific[declared.name] = value;
  }
  return Object.keys(specific).length > 0 ? { ...request, options: specific } : request;
}

/** One commander option per KPI-specific option name, whichever KPIs declare it (checked per KPI in kpiRequest). */
function kpiSpecificOptions(): Option[] {
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
