import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, projectDir } from './project-root.ts';

describe('project root', () => {
  it("is the directory of Pulse's package.json, two levels above this module", () => {
    expect(PROJECT_ROOT).toBe(fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, ''));
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'))).toMatchObject({ name: 'pulse' });
  });

  it('gives directories with a trailing separator', () => {
    expect(projectDir('queries')).toBe(`${join(PROJECT_ROOT, 'queries')}${sep}`);
  });
});
