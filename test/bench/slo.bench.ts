/**
 * SLO benchmarks (issue 6):
 *   1. `pulse kpi slo` for 200 SLOs over 90 days of 5-minute buckets (target: under 1 s), in process (median of
 *      5 runs after a warm-up) and as the CLI end to end (process start included);
 *   2. the offline SLI path: 30 days of 15-second counter samples for 1,000 series (172.8 M samples) evaluated
 *      into 5-minute buckets through the PromQL subset translated to SQL.
 *
 *   npm run bench:slo            (node --import tsx test/bench/slo.bench.ts [--skip-offline])
 *
 * Data is generated in a temporary DuckDB file; the offline samples are written time-major, as scrapes and
 * imports append them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';
import { openStore } from '../../collector/store/db.ts';
import { StoreWriter } from '../../collector/store/writer.ts';
import { evaluateSlo } from '../../collector/sources/slo/evaluate.ts';
import { offlineSource } from '../../collector/sources/slo/offline.ts';
import { readSlos, saveSlos } from '../../collector/sources/slo/store.ts';

const PULSE_BIN = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
const DAY = 86_400_000;
const BUCKET = 300_000;
const END = Date.UTC(2026, 9, 1);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function kpiBench(dir: string): Promise<void> {
  const db = join(dir, 'kpi.duckdb');
  const store = await openStore(db);
  const started = performance.now();
  await store.connection.run(`
    INSERT INTO slos
    SELECT 'svc-' || i || '/availability', 'svc-' || i, 'availability', CASE WHEN i % 4 = 0 THEN 0.995 ELSE 0.999 END,
           CASE i % 10 WHEN 0 THEN 'rolling:28d' WHEN 1 THEN 'rolling:7d' WHEN 2 THEN 'calendar:month' ELSE 'rolling:30d' END,
           CASE WHEN i % 10 = 2 THEN 'Europe/Paris' ELSE 'UTC' END, 'sloth', 'bench', '{}', NULL
    FROM range(200) r(i)`);
  // 200 × 25,920 buckets; two burn events so that alerts fire.
  await store.connection.run(`
    INSERT INTO slo_buckets
    SELECT 'svc-' || i || '/availability', to_timestamp((${END - 90 * DAY} + b * ${BUCKET}) / 1000.0),
           round(t * CASE WHEN (b BETWEEN 20000 AND 20030 AND i % 7 = 0) OR (b BETWEEN 25000 AND 25600 AND i % 11 = 0) THEN 0.03
                          ELSE 0.0002 * (1 + hash(i, b) % 100 / 100.0) END), t, 'bench'
    FROM (SELECT i, b, 1000 + (hash(b, i) % 500) AS t FROM range(200) r(i), range(25920) s(b))`);
  store.close();
  const setupS = (performance.now() - started) / 1000;

  const engine = await Engine.open(db, DEFAULT_CONFIG, { readOnly: true });
  const request = { from: new Date(END - 30 * DAY).toISOString(), to: new Date(END).toISOString(), tz: 'UTC', groupBy: null };
  await engine.kpi('slo', request);
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    rows = (await engine.kpi('slo', request)).rows.length;
    runs.push(performance.now() - t0);
  }
  const longer: number[] = [];
  const full = { ...request, from: new Date(END - 87 * DAY).toISOString() };
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await engine.kpi('slo', full);
    longer.push(performance.now() - t0);
  }
  engine.close();
  const t0 = performance.now();
  execFileSync(process.execPath, [PULSE_BIN, '--db', db, 'kpi', 'slo', '--to', request.to, '--format', 'json'], { maxBuffer: 256 * 1024 * 1024 });
  const cliMs = performance.now() - t0;
  const t1 = performance.now();
  execFileSync(process.execPath, [PULSE_BIN, '--help']);
  const startMs = performance.now() - t1;

  process.stdout.write(`kpi slo: ${rows} SLOs × 90 days of 5-minute buckets (5.18 M rows; setup ${setupS.toFixed(1)} s)\n`);
  process.stdout.write(`  engine.kpi('slo'), 30-day backtest: median ${median(runs).toFixed(0)} ms of ${runs.map((r) => r.toFixed(0)).join(', ')}\n`);
  process.stdout.write(`  engine.kpi('slo'), 87-day backtest: median ${median(longer).toFixed(0)} ms\n`);
  process.stdout.write(`  pulse kpi slo (CLI, process start included): ${cliMs.toFixed(0)} ms; pulse --help alone: ${startMs.toFixed(0)} ms\n`);
}

async function offlineBench(dir: string): Promise<void> {
  const db = join(dir, 'offline.duckdb');
  const store = await openStore(db);
  const samples = 30 * 5760;
  const t0 = performance.now();
  // 500 instances × code 200 / 500: 1,000 series; every 15 s; counters restart every ~3 days per instance.
  await store.connection.run(`
    INSERT INTO series (series_id, name, labels, labels_key)
    SELECT i + 1, 'http_requests_total', json_object('job', 'api', 'instance', 'i-' || (i // 2), 'code', CASE WHEN i % 2 = 0 THEN '200' ELSE '500' END),
           'http_requests_total{code="' || CASE WHEN i % 2 = 0 THEN '200' ELSE '500' END || '",instance="i-' || (i // 2) || '",job="api"}'
    FROM range(1000) r(i)`);
  await store.connection.run(`
    INSERT INTO samples
    SELECT i + 1, to_timestamp((${END - 30 * DAY} + k * 15000) / 1000.0),
           ((k + i * 977) % 17280) * CASE WHEN i % 2 = 0 THEN 10 ELSE 0.01 END
    FROM range(${samples}) t(k), range(1000) r(i)
    ORDER BY k`);
  const writeS = (performance.now() - t0) / 1000;
  const writer = new StoreWriter(store.connection);
  await writer.transaction(() =>
    saveSlos(writer, [
      {
        id: 'api/availability',
        service: 'api',
        name: 'availability',
        objective: 0.999,
        period: { kind: 'rolling', days: 30 },
        sli: {
          kind: 'events',
          errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
          totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
        },
        budgetingMethod: 'Occurrences',
        unsupported: null,
        format: 'sloth',
        description: null,
        labels: {},
        file: 'bench',
        line: 1,
      },
    ]),
  );
  const [slo] = await readSlos(store.connection, null);
  if (!slo) throw new Error('no SLO');
  const t1 = performance.now();
  const outcome = await evaluateSlo(store.connection, writer, slo, offlineSource(store.connection), { fromMs: END - 30 * DAY, toMs: END });
  const evalS = (performance.now() - t1) / 1000;
  store.close();
  if (!outcome.ok) throw new Error(outcome.reason);
  const total = samples * 1000;
  process.stdout.write(`offline SLI: 1,000 series × 30 days at 15 s = ${(total / 1e6).toFixed(1)} M samples (written in ${writeS.toFixed(1)} s)\n`);
  process.stdout.write(
    `  pulse slo eval --source offline: ${outcome.buckets} buckets in ${evalS.toFixed(1)} s (${outcome.chunks} day chunks, ${(total / evalS / 1e6).toFixed(1)} M samples/s)\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'pulse-bench-slo-'));
process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores\n`);
try {
  await kpiBench(dir);
  if (!process.argv.includes('--skip-offline')) await offlineBench(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
