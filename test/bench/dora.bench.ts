/**
 * Benchmark: `pulse kpi dora` over 1,000,000 generated deployments carrying 5,000,000 changes (target: under
 * 2 s on this machine). The data is generated in SQL straight into a fresh database: 1,000 services of 50
 * teams over two years, 2 % failed attempts, 1 % rollbacks, 2 % of deployments with an incident (some still
 * open), 5 distinct commits per deployment (none for rollbacks). Prints the query time in the engine and the
 * wall time of the CLI as a user runs it, for the whole history and for the last month, overall and per service.
 *   node --import tsx test/bench/dora.bench.ts [deployments] [database]
 * A database file that exists already is reused as it is (to time the queries again without generating).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../collector/store/db.ts';
import { Engine } from '../../collector/engine.ts';
import { DEFAULT_CONFIG } from '../../collector/config/defaults.ts';

const deployments = Number(process.argv[2] ?? 1_000_000);
const db = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), 'pulse-bench-dora-')), 'dora.duckdb');
const bin = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
const START = '2024-12-01T00:00:00Z';
const STEP_S = 63; // 1,000,000 × 63 s ≈ 729 days
const SERVICES = 1000;

const generation = [
  `INSERT INTO services SELECT 'svc-' || i, 'team-' || (i % 50), 'bench/svc-' || i, NULL, 'web' FROM range(${SERVICES}) t(i)`,
  `CREATE TEMP TABLE plan AS
     SELECT i, 'svc-' || (i % ${SERVICES}) AS service,
            TIMESTAMPTZ '${START}' + to_seconds(i * ${STEP_S}) AS finished_at,
            hash(i) % 100 AS h
     FROM range(${deployments}) t(i)`,
  `INSERT INTO deployments (deployment_id, service, environment, status, kind, started_at, finished_at, commit_sha, rollback_of, source)
     SELECT 'd-' || i, service, 'production',
            CASE WHEN h < 2 THEN 'failure' ELSE 'success' END,
            CASE WHEN h = 2 AND i >= ${2 * SERVICES} THEN 'rollback' ELSE 'normal' END,
            finished_at - INTERVAL 10 MINUTE, finished_at,
            CASE WHEN h = 2 AND i >= ${2 * SERVICES} THEN md5('c' || (i - ${2 * SERVICES}) || '-4') ELSE md5('c' || i || '-4') END,
            CASE WHEN h = 2 AND i >= ${2 * SERVICES} THEN 'd-' || (i - ${SERVICES}) END,
            'bench'
     FROM plan`,
  `INSERT INTO commits (sha, service, authored_at, author, source)
     SELECT md5('c' || i || '-' || k), service, finished_at - to_seconds(3600 * (k + 1) + (hash(i * 7 + k) % 86400)::BIGINT),
            'dev-' || (hash(k + i) % 40), 'bench'
     FROM plan, range(5) r(k) WHERE NOT (h = 2 AND i >= ${2 * SERVICES})`,
  `INSERT INTO deployment_changes
     SELECT 'd-' || i, md5('c' || i || '-' || k), 'bench'
     FROM plan, range(5) r(k) WHERE NOT (h = 2 AND i >= ${2 * SERVICES})`,
  `INSERT INTO incidents
     SELECT 'inc-' || i, service, 'sev2', finished_at + INTERVAL 1 HOUR, finished_at + INTERVAL 70 MINUTE,
            CASE WHEN hash(i + 1) % 10 = 0 THEN NULL ELSE finished_at + INTERVAL 3 HOUR END, 'd-' || i, 'bench'
     FROM plan WHERE h IN (3, 4)`,
  `INSERT INTO incident_deployment_links SELECT 'inc-' || i, 'd-' || i, 'explicit', 1.0, 'bench' FROM plan WHERE h IN (3, 4)`,
];

if (existsSync(db)) {
  console.log(`reusing ${db}`);
} else {
  const genStarted = performance.now();
  const store = await openStore(db);
  for (const sql of generation) await store.connection.run(sql);
  const counts = (await store.connection.runAndReadAll('SELECT (SELECT count(*) FROM deployments) d, (SELECT count(*) FROM deployment_changes) c')).getRowObjectsJS()[0];
  await store.connection.run('CHECKPOINT');
  store.close();
  console.log(`generated ${Number(counts?.['d']).toLocaleString('en-US')} deployments and ${Number(counts?.['c']).toLocaleString('en-US')} changes in ${((performance.now() - genStarted) / 1000).toFixed(1)} s into ${db}`);
}

const end = new Date(Date.parse(START) + deployments * STEP_S * 1000);
const monthAgo = new Date(end.getTime() - 30 * 86_400_000);
const windows = [
  { label: 'whole history', from: START, to: end.toISOString() },
  { label: 'last 30 days', from: monthAgo.toISOString(), to: end.toISOString() },
];

const engine = await Engine.open(db, DEFAULT_CONFIG, { readOnly: true });
console.log(`engine.kpi("dora") — the query alone (best of 3, after one warm-up run; ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}):`);
for (const w of windows) {
  for (const groupBy of [null, 'service']) {
    const request = { from: w.from, to: w.to, tz: 'UTC', groupBy };
    await engine.kpi('dora', request);
    let best = Infinity;
    let bestCpu = Infinity;
    let rows = 0;
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      rows = (await engine.kpi('dora', request)).rows.length;
      const used = process.cpuUsage(cpu);
      best = Math.min(best, performance.now() - t);
      bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    }
    // CPU time (all of DuckDB's threads) does not grow when other processes share the cores; wall time does.
    console.log(`  ${w.label.padEnd(14)} ${(groupBy ?? 'overall').padEnd(8)} ${(best / 1000).toFixed(2)} s wall, ${(bestCpu / 1000).toFixed(2)} s CPU  (${rows} rows)`);
  }
}
engine.close();

console.log('pulse kpi dora — the CLI as a user runs it (process start, open, query, print):');
for (const w of windows) {
  const args = [bin, 'kpi', 'dora', '--db', db, '--from', w.from, '--to', w.to, '--group-by', 'service', '--format', 'json'];
  const t = performance.now();
  const out = execFileSync(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 }).toString();
  const seconds = (performance.now() - t) / 1000;
  console.log(`  ${w.label.padEnd(14)} --group-by service  ${seconds.toFixed(2)} s  (${(JSON.parse(out) as { rows: unknown[] }).rows.length} rows)   target < 2 s`);
}
