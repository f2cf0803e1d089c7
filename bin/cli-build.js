// The compiled CLI in dist/cli (bin/build-cli.js) and whether it is still what the TypeScript sources say.
// Plain JavaScript: bin/pulse.js needs the answer before it knows whether to load tsx.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_DIR = join('dist', 'cli');
export const MANIFEST = 'inputs.json';

/**
 * The compiled entry module under `root`, or undefined when there is none or any file it was built from
 * (listed in the build's manifest) is missing or was modified after the build started.
 */
export function freshBuild(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, BUILD_DIR, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  for (const input of manifest.inputs) {
    let modified;
    try {
      modified = statSync(join(root, input)).mtimeMs;
    } catch {
      return undefined;
    }
    if (modified > manifest.startedAtMs) return undefined;
  }
  return join(root, BUILD_DIR, manifest.entry);
}
