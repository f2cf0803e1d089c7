/**
 * The Prometheus API path against a real Prometheus (Debian package `prometheus`): a generated 4-hour
 * dcgm-exporter history (dcgm-series.ts) is backfilled into a temporary TSDB with
 * `promtool tsdb create-blocks-from openmetrics`, served by /usr/bin/prometheus on 127.0.0.1, and pulled with
 * `pulse collect --backfill`. `pulse kpi idle-gpus` must find exactly the planted episodes, and
 * `pulse import prom` of the same file must give the same gpu_minute rows. Prometheus 2.x closes range windows
 * `[t − w, t]`: the backfill must probe that (3.x leaves them open on the left) to take exactly each minute's
 * samples. Fails (never skips) without prometheus / promtool: `.ci/run` installs them.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, pulse, tempDir } from '../helpers.ts';
import { generateDcgmSeries, PLANTED } from './dcgm-series.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const START = Date.parse('2026-03-02T00:00:00Z');
const HOURS = 4;
const MINUTE = 60_000;

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus not ready after 60 s:\n${log()}`);
}

async function minuteRows(db: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT gpu_uuid, gpu_instance, epoch_ms(minute) AS minute, activity, activity_source, prof_activity, gpu_util, sm_active, dram_active,
              mem_used_mib, power_w, energy_j, samples, bad_samples, source
       FROM gpu_minute ORDER BY gpu_uuid, gpu_instance, minute`,
    );
    const rows = reader.getRowObjectsJS().map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

describe('GPU telemetry through a real Prometheus', () => {
  const dir = tempDir('pulse-prom-gpu-');
  const file = join(dir, 'dcgm.om.txt');
  const apiDb = join(dir, 'api.duckdb');
  const fileDb = join(dir, 'file.duckdb');
  const series = generateDcgmSeries(START, HOURS);
  const window = ['--from', new Date(START).toISOString(), '--to', new Date(series.endMs).toISOString()];
  let prometheus: ChildProcess | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    expect(existsSync(PROMETHEUS), `${PROMETHEUS} is missing: apt-get install prometheus (.ci/run does)`).toBe(true);
    expect(existsSync(PROMTOOL), `${PROMTOOL} is missing: apt-get install prometheus (.ci/run does)`).toBe(true);
    writeFileSync(file, series.text);
    const tsdb = join(dir, 'tsdb');
    mkdirSync(tsdb);
    await promisify(execFile)(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdb], { maxBuffer: 16 * 1024 * 1024 });
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    prometheus.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitReady(url, prometheus, () => output.slice(-4000));
  });

  afterAll(() => {
    prometheus?.kill('SIGTERM');
  });

  it('backfills through the API path, resumably, and finds exactly the planted idle episodes', async () => {
    const backfill = await pulse(['--db', apiDb, 'collect', '--backfill', '--prometheus', url, ...window, '--chunk', '1h', '--scrape-interval', '15s']);
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(backfill.stderr).toContain('closed [t−w, t] (Prometheus 2.x), probed');
    expect(backfill.stderr).toMatch(/backfill: 4 of 4 chunks/);
    expect(backfill.stderr).toMatch(/unit-minutes re-read raw/);

    const again = await pulse(['--db', apiDb, 'collect', '--backfill', '--prometheus', url, ...window, '--chunk', '1h', '--scrape-interval', '15s']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/backfill: 0 of 4 chunks .*\(4 done before\)/);

    const kpi = await pulse(['--db', apiDb, 'kpi', 'idle-gpus', ...window, '--format', 'json']);
    expect(kpi.code, kpi.stderr).toBe(0);
    const episodes = (JSON.parse(kpi.stdout) as { rows: Record<string, unknown>[] }).rows.map((r) => ({
      uuid: r['gpu_uuid'],
      class: r['class'],
      start: r['start'],
      end: r['end'],
      pod: r['pod'],
    }));
    const expected = PLANTED.map((p) => ({
      uuid: p.uuid,
      class: p.class,
      start: new Date(START + p.startMinute * MINUTE).toISOString(),
      end: new Date(START + p.endMinute * MINUTE).toISOString(),
      pod: p.class === 'allocated' ? 'train-a-0' : null,
    }));
    expect(episodes).toEqual(expected);
  });

  it('keeps up through the API collector of `pulse collect`, which starts at the last hour', async () => {
    const live = await pulse(['--db', join(dir, 'live.duckdb'), 'collect', '--once', '--prometheus', url]);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stderr).toMatch(/prometheus: .* → .*: 0 minute rows, \d+ requests/);
  });

  it('gives the same gpu_minute rows as importing the same series as a file', async () => {
    const imported = await pulse(['--db', fileDb, 'import', 'prom', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('OpenMetrics time series');
    const [fromApi, fromFile] = await Promise.all([minuteRows(apiDb), minuteRows(fileDb)]);
    expect(fromApi.length).toBe(series.gpus.length * HOURS * 60);
    expect(fromFile).toEqual(fromApi);
  });

  it('needs the server\'s window edges: left-open ranges on this Prometheus 2.x take a neighbour minute\'s sample', async () => {
    const wrongDb = join(dir, 'wrong.duckdb');
    const wrong = await pulse(['--db', wrongDb, 'collect', '--backfill', '--prometheus', url, ...window, '--chunk', '4h', '--scrape-interval', '15s', '--windows', 'left_open']);
    expect(wrong.code, wrong.stderr).toBe(0);
    const [right, shifted] = await Promise.all([minuteRows(fileDb), minuteRows(wrongDb)]);
    const differing = shifted.filter((row, i) => row !== right[i]).map((row) => (JSON.parse(row) as { gpu_uuid: string }).gpu_uuid);
    expect(new Set(differing)).toEqual(new Set([series.gpus.find((g) => g.key === 'G')?.uuid]));
  });
});
