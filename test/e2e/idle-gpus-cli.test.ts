/** `pulse kpi idle-gpus` as a user runs it on a demo database: the output contract, formats and exit codes. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pulse, tempDir } from '../helpers.ts';

const END = '2026-11-25T10:17:00Z';
const WINDOW = ['--from', '2026-11-14', '--to', '2026-11-25'];
const FIELDS = [
  'gpu_uuid', 'gpu_instance', 'node', 'cluster', 'model', 'class', 'namespace', 'pod', 'team', 'start', 'end', 'idle_minutes', 'gpu_hours',
  'cost', 'currency', 'evidence',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;

interface Output {
  kpi: string;
  params: Record<string, unknown>;
  rows: Record<string, unknown>[];
  notes: string[];
}

describe('pulse kpi idle-gpus', () => {
  const db = join(tempDir(), 'idle.duckdb');

  beforeAll(async () => {
    const demo = await pulse(['demo', '--db', db, '--days', '12', '--seed', '4', '--end', END]);
    expect(demo.code, demo.stderr).toBe(0);
  });

  it('prints one row per episode with every METRICS.md field, and the thresholds in params', async () => {
    const out = await pulse(['kpi', 'idle-gpus', '--db', db, ...WINDOW, '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as Output;
    expect(result.kpi).toBe('idle-gpus');
    expect(result.params).toMatchObject({
      from: '2026-11-14T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z', tz: 'UTC', group_by: null,
      min_minutes: 30, idle_activity: 0.05, warm_memory_mib: 1024, warm_memory_share: 0.1, prices: '[]',
    });
    expect(result.rows.length).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(Object.keys(row)).toEqual(FIELDS);
      expect(['partial', 'warm', 'allocated', 'unallocated']).toContain(row['class']);
      expect(row['start']).toMatch(ISO);
      if (row['end'] !== null) expect(row['end']).toMatch(ISO);
      expect(row['idle_minutes'] as number).toBeGreaterThanOrEqual(30);
      expect(row['gpu_hours'] as number).toBeGreaterThan(0);
      if (row['cost'] === null) {
        expect(row['currency']).toBeNull();
        expect(row['evidence']).toMatchObject({ price: { missing: expect.any(String) } });
      } else {
        expect(row['cost']).toMatch(/^\d+(\.\d+)?$/);
        expect(row['evidence']).toMatchObject({ price: { source: expect.stringMatching(/^(cost_data|gpu_price:.+@\d{4}-\d{2}-\d{2}|config:.+)$/), currency: row['currency'] } });
      }
      expect(row['pod'] === null).toBe(row['class'] === 'unallocated');
      expect(row['evidence']).toMatchObject({ thresholds: { min_minutes: 30 } });
    }
    // 12 days: the notebooks, the canary and the unallocated GPUs (the partial job is older; the golden test has it).
    for (const cls of ['warm', 'allocated', 'unallocated']) expect(result.rows.some((r) => r['class'] === cls), cls).toBe(true);
    expect(result.notes[0]).toMatch(/idle episodes, [\d.]+ idle GPU-hours/);
  });

  it('carries the same rows in csv and table formats', async () => {
    const json = JSON.parse((await pulse(['kpi', 'idle-gpus', '--db', db, ...WINDOW, '--format', 'json'])).stdout) as Output;
    const csv = await pulse(['kpi', 'idle-gpus', '--db', db, ...WINDOW, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(FIELDS.join(','));
    expect(lines).toHaveLength(json.rows.length + 1);
    const table = await pulse(['kpi', 'idle-gpus', '--db', db, ...WINDOW]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/idle_minutes/);
    expect(table.stdout).toMatch(/note: \d+ idle episodes/);
  });

  it('exits 2 on --group-by (rows are episodes) and 1 on a missing database', async () => {
    const grouped = await pulse(['kpi', 'idle-gpus', '--db', db, '--group-by', 'cluster']);
    expect(grouped.code).toBe(2);
    expect(grouped.stderr).toMatch(/--group-by/);
    const missing = await pulse(['kpi', 'idle-gpus', '--db', join(tempDir(), 'none.duckdb')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
