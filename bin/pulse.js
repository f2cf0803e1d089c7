#!/usr/bin/env node
// Runs the CLI: the JavaScript that `npm run build` compiled into dist/cli while it matches the TypeScript
// sources, else the sources themselves through tsx (after an edit, or before the first build).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from './cli-build.js';

const built = freshBuild(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (built === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../collector/cli/main.ts'));
} else {
  ({ main } = await import(pathToFileURL(built).href));
}
process.exitCode = await main(process.argv.slice(2));
