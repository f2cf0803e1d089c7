/**
 * The root program's global options with pulse.yaml loaded and validated, for command actions. Kept apart from
 * context.ts so that registering the commands (and `pulse --help`) does not load the configuration schema.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import type { PulseConfig } from '../config/schema.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_DB } from './context.ts';

export interface GlobalOptions {
  db: string;
  config: PulseConfig;
  configFile: string;
}

/** Global options of the root program, with pulse.yaml loaded (and validated). */
export async function globalOptions(command: Command): Promise<GlobalOptions> {
  let root = command;
  while (root.parent) root = root.parent;
  const opts = root.opts<{ db?: string; config?: string }>();
  const configFile = opts.config ?? DEFAULT_CONFIG_FILE;
  return { db: opts.db ?? DEFAULT_DB, config: await loadConfig(configFile, opts.config !== undefined), configFile };
}
