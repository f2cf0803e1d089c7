/** Serves the built UI (dist/renderer) read-only: files under the directory only, with their content type. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { projectDir } from '../project-root.ts';

export const UI_DIR = projectDir('dist', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Vite names assets by content hash: they never change under the same name. */
  immutable: boolean;
}

export interface StaticSite {
  read(urlPath: string): StaticFile | null;
}

export function isUiBuilt(dir: string = UI_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

export function staticSite(dir: string = UI_DIR): StaticSite {
  const root = resolve(dir);
  return {
    read(urlPath) {
      const relative = urlPath === '/' ? 'index.html' : urlPath.replace(/^\/+/, '');
      const file = resolve(root, relative);
      if (!file.startsWith(root + sep)) return null;
      const type = TYPES[extname(file).toLowerCase()];
      if (!type || !existsSync(file) || !statSync(file).isFile()) return null;
      return { body: readFileSync(file), type, immutable: relative.startsWith('assets/') };
    },
  };
}
