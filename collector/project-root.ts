/**
 * Where Pulse's own files are (migrations, queries, dashboards, the built UI): the nearest directory above this
 * module holding a package.json. Found from the module's place rather than written as a relative URL, so the
 * TypeScript sources and the CLI compiled into dist/cli (whose modules sit at other depths) agree.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Pulse's package.json is not in ${from} or any directory above it`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A directory of the project, with a trailing separator. */
export function projectDir(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments) + sep;
}
