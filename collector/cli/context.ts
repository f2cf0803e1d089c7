import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import type { PulseConfig } from '../config/schema.ts';

/** A bad argument: exit code 2, the message names the argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The per-user data directory (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['PULSE_HOME']) return env['PULSE_HOME'];
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Pulse');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Pulse');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'pulse');
}

export const DEFAULT_DB = join(defaultDataDir(), 'pulse.duckdb');
export const DEFAULT_CONFIG_FILE = 'pulse.yaml';

export interface GlobalOptions {
  db: string;
  config: PulseConfig;
  configFile: string;
}

/** Global options of the root program, with pulse.yaml loaded (and validated). */
export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  const opts = root.opts<{ db?: string; config?: string }>();
  const configFile = opts.config ?? DEFAULT_CONFIG_FILE;
  return { db: opts.db ?? DEFAULT_DB, config: loadConfig(configFile, opts.config !== undefined), configFile };
}
