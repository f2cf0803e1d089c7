import { homedir } from 'node:os';
import { join } from 'node:path';

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
