#!/usr/bin/env node
// Compiles the Electron main process and preload. Electron is an optional dependency: where its package could
// not be installed (its binary download is blocked), the desktop build is skipped and `npm start` serves the UI
// in the browser instead.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('electron/package.json');
} catch {
  console.warn('pulse: Electron is not installed, skipping the desktop build (npm start will serve the UI in a browser)');
  process.exit(0);
}
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.electron.json'], { stdio: 'inherit' });
process.exit(tsc.status ?? 1);
