#!/usr/bin/env node
// `npm start`: the desktop app on the demo database, or the same UI in a browser when Electron cannot start.
import { register } from 'tsx/esm/api';

register();
const { start } = await import('../electron/start.ts');
process.exitCode = await start();
