#!/usr/bin/env node
// Compiles the CLI (collector/cli/main.ts and every module it loads, commands split into their own chunks) into
// dist/cli as plain JavaScript: it starts in a fraction of the time tsx needs to transform and load a few hundred
// TypeScript modules; packages are bundled too. dist/cli/inputs.json lists the sources it was built from;
// bin/pulse.js runs the build only while none of them changed since, and the sources through tsx otherwise.
//   node bin/build-cli.js [OUTDIR]     (default dist/cli; a test builds elsewhere inside the project)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_DIR, MANIFEST } from './cli-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(root, process.argv[2] ?? BUILD_DIR);
const startedAtMs = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'collector/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages are bundled too (Node's loader pays per file, and @duckdb/node-api alone has 124), except the native
  // DuckDB binding. Bundled CommonJS packages require Node's built-ins through a real `require`.
  external: ['@duckdb/node-bindings', 'electron'],
  banner: { js: "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
// The lock file too: packages are loaded from node_modules, and a changed install may not match the build.
const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/')), 'package-lock.json'];
mkdirSync(outdir, { recursive: true });
writeFileSync(join(outdir, MANIFEST), `${JSON.stringify({ entry: 'main.js', startedAtMs, inputs }, null, 1)}\n`);
