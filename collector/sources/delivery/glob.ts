/**
 * Path globs of monorepo services (`services/ranker/**`, `libs/*.py`): `**` spans directories, `*` and `?`
 * stay within one. A glob without a wildcard names a file or a directory and everything under it. Pure.
 */

export function globToRegExp(glob: string): RegExp {
  const clean = glob.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (!/[*?]/.test(clean)) return new RegExp(`^${escape(clean)}(?:/.*)?$`);
  let out = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i] as string;
    if (c === '*' && clean[i + 1] === '*') {
      const slash = clean[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += escape(c);
    }
  }
  return new RegExp(`^${out}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** True when any of the files matches any of the globs. */
export function matchesAny(globs: readonly string[], files: readonly string[]): boolean {
  const patterns = globs.map(globToRegExp);
  return files.some((f) => patterns.some((p) => p.test(f.replace(/^\/+/, ''))));
}
