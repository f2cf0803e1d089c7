/**
 * The engine side of the desktop app, loaded by main.ts through tsx (the engine is TypeScript that reads its
 * .sql and .yaml files beside its sources). Creates the demo database on first start, then opens the engine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_DB } from '../collector/cli/context.ts';
import { loadConfig } from '../collector/config/load.ts';
import type { EngineHostModule } from './ipc.ts';

const PULSE_CLI = fileURLToPath(new URL('../bin/pulse.js', import.meta.url));

export const openDesktopEngine: EngineHostModule['openDesktopEngine'] = async (onProgress) => {
  const config = await loadConfig(DEFAULT_CONFIG_FILE, false);
  if (!existsSync(DEFAULT_DB)) await createDemo(DEFAULT_DB, onProgress);
  return Engine.open(DEFAULT_DB, config);
};

/**
 * Runs `pulse demo` in a child process so the window stays responsive while the demo is generated. Inside
 * Electron, process.execPath is Electron itself, which ELECTRON_RUN_AS_NODE turns into a plain Node.
 */
function createDemo(db: string, onProgress: (line: string) => void): Promise<void> {
  onProgress(`creating the demo database ${db}`);
  const child = spawn(process.execPath, [PULSE_CLI, 'demo', '--db', db], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let last = '';
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString().split(/[\r\n]+/)) {
      if (line.trim() !== '') onProgress((last = line.trim()));
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pulse demo failed (exit code ${code}): ${last}`))));
  });
}
