/**
 * A process killed with SIGKILL in the middle of a large import leaves the earlier data intact and whole
 * batches only; a rerun converges to the same database as a clean run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/db.ts';
import { StoreWriter } from '../../collector/store/writer.ts';
import { PULSE_BIN, pulse, tempDir } from '../helpers.ts';

const END = '2026-11-20T12:00:00Z';
const DEMO = ['demo', '--days', '30', '--seed', '9', '--end', END];
const KPI = ['kpi', 'gpu-util', '--from', '2026-10-22', '--to', '2026-11-20', '--group-by', 'node', '--format', 'json'];

async function count(file: string, sql: string): Promise<number> {
  const store = await openStore(file);
  try {
    return Number((await store.connection.runAndReadAll(sql)).getRowObjectsJS()[0]?.['n']);
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it('survives SIGKILL mid-import and converges on rerun', async () => {
    const dir = tempDir();
    const file = join(dir, 'crash.duckdb');

    // Earlier data from another source.
    const store = await openStore(file);
    const writer = new StoreWriter(store.connection);
    await writer.transaction(() =>
      writer.append('gpu_minute', {
        gpu_uuid: Array.from({ length: 5000 }, () => 'GPU-other'),
        gpu_instance: Array.from({ length: 5000 }, () => ''),
        minute: Array.from({ length: 5000 }, (_, i) => Date.parse('2026-01-01T00:00:00Z') + i * 60_000),
        activity: Array.from({ length: 5000 }, () => 0.5),
        samples: Array.from({ length: 5000 }, () => 4),
        bad_samples: Array.from({ length: 5000 }, () => 0),
        source: Array.from({ length: 5000 }, () => 'prometheus'),
      }),
    );
    store.close();

    // Kill the demo once it has committed a few days.
    const child = spawn(process.execPath, [PULSE_BIN, '--db', file, ...DEMO], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        const m = /\] (\d+)\/(\d+)/.exec(d.toString());
        if (m && Number(m[1]) >= 4) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error('demo ended before it could be killed')));
    });
    await new Promise((resolve) => child.on('exit', resolve));

    expect(await count(file, "SELECT count(*) AS n FROM gpu_minute WHERE source = 'prometheus'")).toBe(5000);
    const perDay = await count(file, "SELECT count(DISTINCT n) AS n FROM (SELECT date_trunc('day', minute) AS d, count(*) AS n FROM gpu_minute WHERE source = 'demo' AND minute < '2026-10-31' GROUP BY d)");
    expect(perDay).toBeLessThanOrEqual(1); // whole days only: every committed day before the planted events has the same row count
    const days = await count(file, "SELECT count(DISTINCT date_trunc('day', minute)) AS n FROM gpu_minute WHERE source = 'demo'");
    expect(days).toBeGreaterThanOrEqual(1);
    expect(days).toBeLessThan(30);
    expect(await count(file, "SELECT count(*) AS n FROM ingest_runs WHERE status = 'interrupted'")).toBe(1);

    const rerun = await pulse(['--db', file, ...DEMO]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const fresh = join(dir, 'fresh.duckdb');
    expect((await pulse(['--db', fresh, ...DEMO])).code).toBe(0);
    const [a, b] = await Promise.all([pulse(['--db', file, ...KPI]), pulse(['--db', fresh, ...KPI])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(await count(file, "SELECT count(*) AS n FROM gpu_minute WHERE source = 'demo'")).toBe(await count(fresh, "SELECT count(*) AS n FROM gpu_minute"));
  });
});
