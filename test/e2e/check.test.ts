/** `pulse check` on the repository's own files, and on broken ones: every problem listed with file and line. */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, pulse, tempDir } from '../helpers.ts';

describe('pulse check', () => {
  it('passes on the repository', async () => {
    const out = await pulse(['check'], { cwd: ROOT });
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^ok: configuration, \d+ queries and the dashboards are valid/m);
  });

  it('lists every problem of a broken dashboard, a broken query and a broken config, and exits 1', async () => {
    const dir = tempDir();
    const dashboards = join(dir, 'dashboards');
    const queries = join(dir, 'queries');
    cpSync(join(ROOT, 'dashboards'), dashboards, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    cpSync(join(ROOT, 'queries'), queries, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    expect(readdirSync(dashboards)).toContain('gpu-fleet.yaml');
    writeFileSync(join(dashboards, 'broken.yaml'), ['kind: Dashboard', 'version: 1', 'id: broken', 'title: Broken', 'panels:', '  one:', '    kind: pie', 'layout:', '  - [one, two]', ''].join('\n'));
    writeFileSync(join(queries, 'bad-query.sql'), '-- @query bad-query\n-- @version 1\n-- @column n integer\nSELECT $missing AS n\n');
    writeFileSync(join(dir, 'pulse.yaml'), 'version: 1\nserve:\n  password: x\n');
    const out = await pulse(['--config', join(dir, 'pulse.yaml'), 'check', '--dashboards', dashboards, '--queries', queries]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${join(dir, 'pulse.yaml')}:3: serve.password: secrets are not kept in config files`);
    expect(out.stdout).toContain(`${join(queries, 'bad-query.sql')}:4: $missing is used but not declared with @param`);
    expect(out.stdout).toMatch(new RegExp(`${join(dashboards, 'broken.yaml').replace(/[.]/g, '\\.')}:\\d+: `));
    expect(out.stderr).toMatch(/pulse: \d+ problems found/);
  });
});
