/**
 * `npm start`: makes sure the demo database and the build exist, then opens the desktop app, or, when Electron
 * cannot start here (no binary, no display), serves the same UI over HTTP on the same database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../collector/cli/main.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_DB } from '../collector/cli/context.ts';
import { loadConfig } from '../collector/config/load.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILT = [join(ROOT, 'dist', 'renderer', 'index.html'), join(ROOT, 'dist-electron', 'electron', 'main.js')];

export type Launch = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * Whether Electron can start: `require('electron')` gives its binary's path and throws when the binary was
 * never downloaded; on Linux a window also needs an X11 or Wayland display. Pure but for the injected lookups.
 */
export function electronLaunch(resolveElectron: () => unknown, exists: (file: string) => boolean, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Launch {
  let binary: unknown;
  try {
    binary = resolveElectron();
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { ok: false, reason: /Cannot find module/.test(message) ? 'Electron is not installed (an optional dependency)' : `Electron's binary is missing (${message})` };
  }
  if (typeof binary !== 'string' || !exists(binary)) return { ok: false, reason: `Electron's binary is missing (${String(binary)})` };
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { ok: false, reason: 'no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)' };
  return { ok: true, binary };
}

export async function start(): Promise<number> {
  const db = DEFAULT_DB;
  if (!existsSync(db)) {
    process.stderr.write(`pulse: creating the demo database ${db} (first start)\n`);
    const code = await main(['demo', '--db', db]);
    if (code !== 0) return code;
  }
  if (!BUILT.every((file) => existsSync(file))) {
    process.stderr.write('pulse: building the app (first start)\n');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) return build.status ?? 1;
  }
  const launch = electronLaunch(() => createRequire(import.meta.url)('electron'), existsSync, process.env, process.platform);
  if (launch.ok) {
    const child = spawn(launch.binary, [ROOT], { cwd: ROOT, stdio: 'inherit' });
    return new Promise((resolve) => {
      child.once('error', (error) => {
        process.stderr.write(`pulse: Electron failed to start: ${error.message}\n`);
        resolve(1);
      });
      child.once('exit', (code) => resolve(code ?? 1));
    });
  }
  const { host, port } = (await loadConfig(DEFAULT_CONFIG_FILE, false)).serve;
  process.stderr.write(`pulse: Electron cannot start: ${launch.reason}; serving the UI at http://${host}:${port} instead\n`);
  return main(['serve', '--db', db]);
}
