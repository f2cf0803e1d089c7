/** The CLI as a user runs it: `pulse demo` then `pulse kpi`, exit codes, formats and determinism. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pulse, tempDir } from '../helpers.ts';

const END = '2026-11-25T10:17:00Z';
const WINDOW = ['--from', '2026-11-11', '--to', '2026-11-25'];
const FIELDS = ['gpus', 'observed_gpu_hours', 'allocated_gpu_hours', 'busy_gpu_hours', 'idle_gpu_hours', 'suspect_gpu_hours', 'unobserved_gpu_hours', 'activity_avg', 'sm_active_avg'];

describe('pulse CLI', () => {
  const dir = tempDir();
  const dbA = join(dir, 'a.duckdb');
  const dbB = join(dir, 'b.duckdb');

  beforeAll(async () => {
    const [a, b] = await Promise.all([
      pulse(['demo', '--db', dbA, '--days', '20', '--seed', '4', '--end', END]),
      pulse(['demo', '--db', dbB, '--days', '20', '--seed', '4', '--end', END]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stderr).toMatch(/demo \[.*\] \d+\/\d+ .* rows\/s/);
  });

  it('prints one row per cluster with every METRICS.md field, and the hours add up', async () => {
    const out = await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--group-by', 'cluster', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { kpi: string; params: Record<string, unknown>; rows: Record<string, number | string | null>[]; notes: string[] };
    expect(result.kpi).toBe('gpu-util');
    expect(result.params).toMatchObject({ from: '2026-11-11T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z', tz: 'UTC', group_by: 'cluster', idle_activity: 0.05 });
    expect(result.rows.map((r) => r['cluster'])).toEqual(['edge-eu', 'prod-us-east', 'train-us-west']);
    for (const row of result.rows) {
      for (const field of FIELDS) expect(row).toHaveProperty(field);
      const parts = (row['busy_gpu_hours'] as number) + (row['idle_gpu_hours'] as number) + (row['suspect_gpu_hours'] as number);
      expect(parts).toBeCloseTo(row['observed_gpu_hours'] as number, 3);
    }
    expect(result.rows.find((r) => r['cluster'] === 'edge-eu')?.['sm_active_avg']).toBeNull(); // L4s export no profiling metrics
  });

  it('gives byte-identical output for two databases made with the same seed', async () => {
    const args = ['kpi', 'gpu-util', ...WINDOW, '--group-by', 'node', '--format', 'json'];
    const [a, b] = await Promise.all([pulse([...args, '--db', dbA]), pulse([...args, '--db', dbB])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).rows.length).toBe(8);
  });

  it('carries the same rows in csv and table formats, and reads dates in --tz', async () => {
    const json = JSON.parse((await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--group-by', 'model', '--format', 'json'])).stdout);
    const csv = await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--group-by', 'model', '--format', 'csv']);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(['model', ...FIELDS].join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(json.rows.map((r: Record<string, unknown>) => r['model']));
    expect(lines[1]?.split(',')[2]).toBe(String(json.rows[0]['observed_gpu_hours']));
    const table = await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--format', 'table']);
    expect(table.stdout).toMatch(/observed_gpu_hours/);
    expect(table.stdout).toContain(String(JSON.parse((await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--format', 'json'])).stdout).rows[0].observed_gpu_hours));
    const paris = JSON.parse((await pulse(['kpi', 'gpu-util', '--db', dbA, ...WINDOW, '--tz', 'Europe/Paris', '--format', 'json'])).stdout);
    expect(paris.params.from).toBe('2026-11-10T23:00:00.000Z');
  });

  it('exits 2 naming the argument on usage errors, and 1 with a one-line reason on failures', async () => {
    const cases: [string[], RegExp][] = [
      [['kpi', 'gpu-util', '--db', dbA, '--from', 'last tuesday'], /--from: expected an ISO date/],
      [['kpi', 'dora-metrics', '--db', dbA], /unknown KPI "dora-metrics"/],
      [['kpi', 'gpu-util', '--db', dbA, '--group-by', 'colour'], /--group-by: gpu-util cannot be grouped by "colour"/],
      [['kpi', 'gpu-util', '--db', dbA, '--format', 'xml'], /--format/],
      [['kpi', 'gpu-util', '--db', dbA, '--tz', 'Mars/Olympus'], /--tz/],
      [['kpi', 'gpu-util', '--db', dbA, '--from', '2026-11-20', '--to', '2026-11-10'], /--from must be before --to/],
      [['demo', '--db', dbA, '--days', 'ten'], /--days/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const out = await pulse(args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    const missing = await pulse(['kpi', 'gpu-util', '--db', join(dir, 'none.duckdb')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('shows the default database in a per-user data directory in --help', async () => {
    const out = await pulse(['--help'], { env: { XDG_DATA_HOME: '/home/someone/.local/share' } });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('/home/someone/.local/share/pulse/pulse.duckdb');
    for (const command of ['demo', 'kpi', 'check', 'serve']) expect(out.stdout).toContain(command);
  });
});
