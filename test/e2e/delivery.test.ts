/** `pulse import events` and `pulse kpi dora|delivery` as a user runs them: exit codes, line errors, idempotency, options. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pulse, tempDir } from '../helpers.ts';
import { startFakeGitHub } from '../../collector/sources/github/test-server.ts';

const lines = [
  { type: 'deployment', id: 'd-1', service: 'ranker', environment: 'production', status: 'success', finished_at: '2026-09-01T10:00:00Z', commit: 'a1', changes: [] },
  { type: 'deployment', id: 'd-2', service: 'ranker', environment: 'production', status: 'success', finished_at: '2026-09-02T10:00:00Z', commit: 'b2', changes: [{ sha: 'b2', authored_at: '2026-09-02T07:00:00Z', pr: 12 }] },
  { type: 'incident', id: 'inc-1', service: 'ranker', created_at: '2026-09-02T12:00:00Z', resolved_at: '2026-09-02T13:00:00Z' },
].map((l) => JSON.stringify(l));

describe('pulse import events / pulse kpi dora', () => {
  const dir = tempDir();
  const db = join(dir, 'delivery.duckdb');
  const good = join(dir, 'good.ndjson');
  const mixed = join(dir, 'mixed.ndjson');
  writeFileSync(good, `${lines.join('\n')}\n`);
  writeFileSync(mixed, `${lines[0]}\r\n{"type":"deployment","id":"d-3"}\r\nnot json\r\n\r\n`);
  writeFileSync(join(dir, 'pulse.yaml'), 'version: 1\ndelivery:\n  services:\n    - { name: ranker, repository: acme/ranker, team: search }\n');

  it('imports, keeps valid lines when others fail (exit 1, line numbers), and a second import changes nothing', async () => {
    const first = await pulse(['import', 'events', '--db', db, good], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${good}: 3 lines: 3 imported, 0 already imported; 5 rows written\n`);
    const again = await pulse(['import', 'events', '--db', db, good], { cwd: dir });
    expect(again.stdout).toBe(`${good}: 3 lines: 0 imported, 3 already imported; 0 rows written\n`);
    const bad = await pulse(['import', 'events', '--db', db, mixed], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${mixed}:2: service: Invalid input: expected string, received undefined`);
    expect(bad.stderr).toMatch(new RegExp(`${mixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: malformed JSON: `));
    expect(bad.stdout).toBe(`${mixed}: 4 lines: 0 imported, 1 already imported, 2 rejected; 0 rows written\n`);
    expect((await pulse(['import', 'events', '--db', db, join(dir, 'missing.ndjson')], { cwd: dir })).code).toBe(2);
  });

  it('reads DORA per team for the window, with --median and --bands, and refuses options of other KPIs', async () => {
    await pulse(['import', 'events', '--db', db, good], { cwd: dir });
    const window = ['--from', '2026-09-01', '--to', '2026-10-01'];
    const out = await pulse(['kpi', 'dora', '--db', db, ...window, '--group-by', 'team', '--median', 'lower', '--bands', '2023', '--format', 'json'], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { params: Record<string, unknown>; rows: Record<string, unknown>[] };
    expect(result.params).toMatchObject({ group_by: 'team', median: 'lower', bands: '2023', tz: 'UTC' });
    expect(result.rows).toEqual([
      expect.objectContaining({ team: 'search', deployments: 2, lead_time_median_s: 10800, failed_deployments: 1, change_failure_rate: 0.5, fdrt_median_s: 10800, recoveries: 1 }),
    ]);
    const usage = await pulse(['kpi', 'gpu-util', '--db', db, '--median', 'lower'], { cwd: dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--median: not an option of gpu-util');
    const choice = await pulse(['kpi', 'dora', '--db', db, '--bands', '2019'], { cwd: dir });
    expect(choice.code).toBe(2);
    expect(choice.stderr).toBe('pulse: --bands: expected one of 2023, 2024, got "2019"\n');
  });

  it('backfills a GitHub repository with pulse sync github, the token from the variable pulse.yaml names', async () => {
    const at = (hour: number): string => new Date(Date.UTC(2026, 8, 1, hour)).toISOString();
    const server = await startFakeGitHub([
      {
        full_name: 'acme/api',
        commits: { c1: { parents: [], date: at(0) }, c2: { parents: ['c1'], date: at(1) } },
        deployments: [
          { id: 1, sha: 'c1', environment: 'production', created_at: at(2), statuses: [{ id: 1, state: 'success', created_at: at(2) }] },
          { id: 2, sha: 'c2', environment: 'production', created_at: at(3), statuses: [{ id: 2, state: 'success', created_at: at(4) }] },
        ],
        pulls: [],
        runs: [],
      },
    ]);
    try {
      const syncDir = tempDir();
      writeFileSync(join(syncDir, 'pulse.yaml'), `version: 1\ngithub:\n  token_env: ACME_GITHUB_TOKEN\n  api_url: ${server.url}\n  repositories: [acme/api]\n`);
      const syncDb = join(syncDir, 'sync.duckdb');
      const out = await pulse(['sync', 'github', '--db', syncDb], { cwd: syncDir, env: { ACME_GITHUB_TOKEN: 'ghp_test' } });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toContain('github acme/api: 2 deployments, 1 change sets, 0 merged pull requests, 0 workflow runs');
      expect(out.stdout).toMatch(/^github: 1 repositories, \d+ rows written, \d+ API requests into /);
      const dora = JSON.parse((await pulse(['kpi', 'dora', '--db', syncDb, '--from', '2026-09-01', '--to', '2026-09-02', '--format', 'json'], { cwd: syncDir })).stdout) as { rows: Record<string, unknown>[] };
      expect(dora.rows[0]).toMatchObject({ deployments: 2, lead_time_changes: 1, lead_time_median_s: 3 * 3600 });
    } finally {
      await server.close();
    }
  });
});
