/**
 * The GPU collectors as a user runs them: `pulse import prom` and `pulse import nvidia-smi` on real fixtures,
 * `pulse agent nvidia-smi` polling a fake `nvidia-smi` on PATH that prints a real `-q -x` capture (the parser is
 * the real one), and `pulse collect --once --target` scraping a local dcgm-exporter stand-in next to a target
 * that fails.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loopbackServer } from '../../collector/sources/prometheus/loopback-server.ts';
import { FIXTURES, PULSE_BIN, pulse, tempDir } from '../helpers.ts';

const L4 = join(FIXTURES, 'gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt');
const A100_MIG = join(FIXTURES, 'gpu/nvidia-smi-xml/telegraf/a100-sxm4-v12.xml');

async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    connection.closeSync();
    return JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>[];
  } finally {
    instance.closeSync();
  }
}

describe('GPU collectors', () => {
  const dir = tempDir('pulse-gpu-collectors-');

  it('imports exposition files, reports bad lines as file:line:column and skips a file imported before', async () => {
    const db = join(dir, 'prom.duckdb');
    const bad = join(dir, 'bad.prom');
    writeFileSync(bad, 'DCGM_FI_DEV_GPU_UTIL{UUID="GPU-1",Hostname="n1"} 40\nDCGM_FI_DEV_POWER_USAGE{UUID="GPU-1" 70\n');
    const first = await pulse(['--db', db, 'import', 'prom', L4, bad, '--at', '2026-03-02T10:00:00Z']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`${bad}:2:38: expected`);
    expect(first.stderr).toMatch(/dcgm-l4-k8s\.prom\.txt: Prometheus text scrape, 69 lines, 23 samples .*GPU: 1 GPUs/);
    expect(await query(db, 'SELECT gpu_uuid, minute, activity, power_w FROM gpu_minute ORDER BY gpu_uuid')).toEqual([
      { gpu_uuid: 'GPU-1', minute: '2026-03-02T10:00:00.000Z', activity: 0.4, power_w: null },
      { gpu_uuid: 'GPU-c2f76b33-7953-256e-8f33-1343419b1a1c', minute: '2026-03-02T10:00:00.000Z', activity: 0, power_w: 16.365 },
    ]);
    const again = await pulse(['--db', db, 'import', 'prom', L4]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already imported');
  });

  it('imports nvidia-smi XML and CSV, detecting which is which', async () => {
    const db = join(dir, 'smi.duckdb');
    const csv = join(FIXTURES, 'gpu/nvidia-smi-captures/query-gpu.2gpus.csv.txt');
    const out = await pulse(['--db', db, 'import', 'nvidia-smi', A100_MIG, csv, '--node', 'host-1', '--tz', 'Europe/Paris']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('a100-sxm4-v12.xml: nvidia-smi -q -x, 5 readings of 5 GPUs / MIG instances');
    expect(out.stdout).toContain('query-gpu.2gpus.csv.txt: nvidia-smi --query-gpu CSV, 2 readings');
    expect(await query(db, "SELECT count(*) AS n FROM gpu_instances WHERE gpu_uuid LIKE 'GPU-%'")).toEqual([{ n: 4 }]);
    const tz = await pulse(['--db', db, 'import', 'nvidia-smi', A100_MIG, '--tz', 'Mars/Olympus']);
    expect(tz.code).toBe(2);
  });

  it('polls a fake nvidia-smi on PATH until Ctrl-C and stops cleanly after the current poll', async () => {
    const db = join(dir, 'agent.duckdb');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const fake = join(bin, 'nvidia-smi');
    writeFileSync(fake, `#!/bin/sh\n[ "$1" = "-q" ] && [ "$2" = "-x" ] || exit 9\ncat '${A100_MIG}'\n`);
    chmodSync(fake, 0o755);
    const child = spawn(process.execPath, [PULSE_BIN, '--db', db, 'agent', 'nvidia-smi', '--interval', '1s', '--node', 'gpu-host'], {
      env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      cwd: dir,
    });
    let stderr = '';
    const polled = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if ((stderr.match(/nvidia-smi: 5 GPUs/g) ?? []).length >= 2) resolve();
      });
    });
    await polled;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/agent stopped: \d+ polls/);
    const rows = await query(db, "SELECT DISTINCT g.node, m.gpu_instance, m.source FROM gpu_minute m JOIN gpus g USING (gpu_uuid) ORDER BY m.gpu_instance");
    expect(rows).toEqual(['', '3', '4', '5', '6'].map((instance) => ({ node: 'gpu-host', gpu_instance: instance, source: 'nvidia-smi' })));
    expect(await query(db, "SELECT status FROM ingest_runs WHERE source = 'nvidia-smi-agent'")).toEqual([{ status: 'ok' }]);
  });

  it('scrapes a dcgm-exporter once, a failing target only marking itself down', async () => {
    const db = join(dir, 'collect.duckdb');
    const { readFileSync } = await import('node:fs');
    const body = readFileSync(L4, 'utf8');
    const server = await loopbackServer((request, response) => {
      if (request.url.startsWith('/broken')) {
        response.writeHead(500).end('boom');
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body);
    });
    try {
      const out = await pulse(['--db', db, 'collect', '--once', '--target', `${server.origin}/metrics`, '--target', `${server.origin}/broken`]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toMatch(/scrape target-1: 1\/1 targets up, 1 GPUs, 1 minute rows/);
      expect(out.stderr).toMatch(/scrape target-2: 0\/1 targets up/);
      expect(await query(db, 'SELECT up FROM scrape_targets ORDER BY target')).toEqual([{ up: false }, { up: true }]);
      expect(await query(db, "SELECT s.labels_key FROM series s WHERE name = 'up' ORDER BY 1")).toHaveLength(2);
      expect(await query(db, 'SELECT node, model FROM gpus')).toEqual([{ node: 'i-030791dc5a37cd257', model: 'NVIDIA L4' }]);
    } finally {
      await server.close();
    }
  });
});
