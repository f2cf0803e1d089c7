/** What `pulse kpi` does (kpi.ts registers it; this module loads when the command runs). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Engine } from '../../engine.ts';
import { kpiGroupBy, kpiNames, kpiOptions } from '../../../queries/kpis.ts';
import { isValidTimeZone, parseInstant } from '../../../queries/time.ts';
import type { KpiRequest } from '../../../queries/contract.ts';
import { formatKpi, type Format } from '../format.ts';
import { UsageError } from '../context.ts';
import { globalOptions } from '../global-options.ts';
import { kpiSpecificOptions } from './kpi.ts';

export interface KpiOptions {
  from?: string;
  to?: string;
  tz: string;
  groupBy?: string;
  format: Format;
  /** KPI-specific options (KpiDefinition.options), by attribute name. */
  [option: string]: string | undefined;
}

const DAY_MS = 86_400_000;

export async function kpiAction(name: string, options: KpiOptions, command: Command): Promise<void> {
  const request = kpiRequest(name, options);
  const global = await globalOptions(command);
  if (!existsSync(global.db)) throw new Error(`database ${global.db} does not exist (create it with \`pulse demo\` or an import)`);
  const engine = await Engine.open(global.db, global.config);
  try {
    const result = await engine.kpi(name, request);
    process.stdout.write(formatKpi(result, options.format));
  } finally {
    engine.close();
  }
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
