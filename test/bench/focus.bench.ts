/**
 * Benchmark: `pulse import focus` throughput on a generated FOCUS 1.2 export of 1,000,000 rows, once as CSV and
 * once as Parquet (issue 4, item 8: at least 500,000 rows/s through DuckDB's own readers).
 *
 *   npm run bench:focus            (or: node --import tsx test/bench/focus.bench.ts [rows] [runs])
 *
 * The CSV has 47 columns, about 650 bytes a row (44 of the 54 FOCUS columns Pulse maps, Id, and two x_ provider
 * columns), like the public FOCUS sample (44 columns, about 750 bytes a row): literal NULLs, timestamps without
 * T/Z, JSON tags and SKU details, and a mix of lines — GPU instance hours, CPU instance hours, EBS, data transfer,
 * S3. The Parquet file has the same rows with five columns typed (three costs DECIMAL(38,10), the charge period
 * TIMESTAMP), the rest text. Making the files is not timed.
 *
 * What is timed, each into a new database file:
 * - `pulse import focus FILE` as a user runs it: the CLI in a process of its own (`node bin/pulse.js`), from
 *   start-up to exit (sha256 of the file, column check, the load, the checks, commit). CPU time is the child's user
 *   + system time (all of DuckDB's threads), from /proc/self/stat.
 * - DuckDB alone on the same file, in this process, as references: a bare `SELECT count(*)`, reading every column
 *   (`count()` of each, nothing stored), and a typed INSERT into cost_line of the same columns the import stores
 *   (the x_ extras as the same JSON), a plain cast per column (text decimals through DECIMAL(18,12), see
 *   collector/sources/focus/sql.ts), with no checks and no GPU identification. The typed INSERT is DuckDB's own
 *   ceiling for this load on this machine.
 *
 * Other work on the machine shares its cores, so wall-clock figures vary from run to run; CPU seconds are the
 * steadier measure of the work done. With `runs` > 1 each figure is the median.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, version } from '@duckdb/node-api';
import { openStore } from '../../collector/store/db.ts';
import { planColumns } from '../../collector/sources/focus/columns.ts';
import { literal, ident, readerSql } from '../../collector/sources/focus/sql.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PULSE = join(ROOT, 'bin', 'pulse.js');
const TARGET = 500_000;

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'pulse-focus-bench-'));
const csv = join(dir, 'focus.csv');
const parquet = join(dir, 'focus.parquet');

/**
 * One hourly line per row over October 2026. Of every ten rows: one GPU instance hour (four types in turn), three
 * CPU instance hours, one EBS volume, one data transfer, four S3 storage.
 */
const GENERATE = `
SELECT
  NULL AS AvailabilityZone,
  round(cost * 1.0, 10)::VARCHAR AS BilledCost,
  '123456789012' AS BillingAccountId,
  'acme-ai' AS BillingAccountName,
  'USD' AS BillingCurrency,
  '2026-11-01 00:00:00' AS BillingPeriodEnd,
  '2026-10-01 00:00:00' AS BillingPeriodStart,
  CASE WHEN i % 997 = 0 THEN 'Tax' WHEN i % 499 = 0 THEN 'Credit' ELSE 'Usage' END AS ChargeCategory,
  NULL AS ChargeClass,
  CASE kind WHEN 'gpu' THEN '$' || price || ' per On Demand Linux ' || itype || ' Instance Hour'
            WHEN 'cpu' THEN '$' || price || ' per On Demand Linux ' || itype || ' Instance Hour'
            WHEN 'ebs' THEN '$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (Northern Virginia)'
            WHEN 'net' THEN '$0.09 per GB - first 10 TB / month data transfer out beyond the global free tier'
            ELSE '$0.023 per GB-Mo for ' || service END AS ChargeDescription,
  'Usage-Based' AS ChargeFrequency,
  strftime(TIMESTAMP '2026-10-01' + to_hours(i % 744 + 1), '%Y-%m-%d %H:%M:%S') AS ChargePeriodEnd,
  strftime(TIMESTAMP '2026-10-01' + to_hours(i % 744), '%Y-%m-%d %H:%M:%S') AS ChargePeriodStart,
  CASE WHEN instance AND i % 3 = 0 THEN 'Spend' END AS CommitmentDiscountCategory,
  CASE WHEN instance AND i % 3 = 0 THEN 'arn:aws:savingsplans::123456789012:savingsplan/sp-' || (i % 7) END AS CommitmentDiscountId,
  NULL AS CommitmentDiscountName,
  CASE WHEN instance AND i % 3 = 0 THEN 'Used' END AS CommitmentDiscountStatus,
  CASE WHEN instance AND i % 3 = 0 THEN 'Compute Savings Plan' END AS CommitmentDiscountType,
  round(qty, 6)::VARCHAR AS ConsumedQuantity,
  CASE WHEN instance THEN 'Hours' ELSE 'GB-Mo' END AS ConsumedUnit,
  round(cost * 0.9, 10)::VARCHAR AS ContractedCost,
  '0.0' AS ContractedUnitPrice,
  round(cost * 0.95, 10)::VARCHAR AS EffectiveCost,
  'Amazon Web Services, Inc.' AS InvoiceIssuerName,
  round(cost * 1.1, 10)::VARCHAR AS ListCost,
  price AS ListUnitPrice,
  'Standard' AS PricingCategory,
  round(qty, 6)::VARCHAR AS PricingQuantity,
  CASE WHEN instance THEN 'Hours' ELSE 'GB-Mo' END AS PricingUnit,
  'AWS' AS ProviderName,
  'Amazon Web Services, Inc.' AS PublisherName,
  'us-east-1' AS RegionId,
  'US East (N. Virginia)' AS RegionName,
  CASE WHEN instance THEN 'i-0' || lpad(to_hex(i % 4096), 16, '0') WHEN kind = 'ebs' THEN 'vol-0' || lpad(to_hex(i % 8192), 16, '0')
       ELSE 'arn:aws:s3:::bucket-' || (i % 500) END AS ResourceId,
  NULL AS ResourceName,
  CASE WHEN instance THEN 'Instance' WHEN kind = 'ebs' THEN 'Volume' ELSE 'Bucket' END AS ResourceType,
  CASE WHEN instance THEN 'Compute' WHEN kind = 'net' THEN 'Networking' ELSE 'Storage' END AS ServiceCategory,
  i AS Id,
  service AS ServiceName,
  'SKU' || (i % 211) AS SkuId,
  'SKU' || (i % 211) || '.JRTCKXETXF' AS SkuPriceId,
  '2109876543' || (i % 10) AS SubAccountId,
  'team-account-' || (i % 10) AS SubAccountName,
  '{"team": "team-' || (i % 5) || '", "cluster": "cluster-' || (i % 3) || '"}' AS Tags,
  CASE kind WHEN 'gpu' THEN '{"InstanceType": "' || itype || '", "GpuCount": ' || gpus || '}'
            WHEN 'cpu' THEN '{"InstanceType": "' || itype || '"}' END AS SkuPriceDetails,
  CASE WHEN instance THEN 'USE1-BoxUsage:' || itype WHEN kind = 'ebs' THEN 'USE1-EBS:VolumeUsage.gp3'
       WHEN kind = 'net' THEN 'USE1-DataTransfer-Out-Bytes' ELSE 'USE1-TimedStorage-ByteHrs' END AS x_UsageType,
  CASE WHEN instance THEN 'RunInstances' WHEN kind = 'ebs' THEN 'CreateVolume-Gp3' ELSE 'StandardStorage' END AS x_Operation
FROM (
  SELECT *, kind IN ('gpu', 'cpu') AS instance,
         CASE kind WHEN 'gpu' THEN ['p5.48xlarge', 'p4de.24xlarge', 'g6.48xlarge', 'g5.4xlarge'][(i // 10) % 4 + 1]
                   WHEN 'cpu' THEN ['m7i.2xlarge', 'c7g.xlarge', 'r6i.large'][i % 10] END AS itype,
         [8, 8, 8, 1][(i // 10) % 4 + 1] AS gpus,
         CASE kind WHEN 'gpu' THEN ['55.04', '40.97', '13.3504', '1.624'][(i // 10) % 4 + 1]
                   WHEN 'cpu' THEN ['0.4032', '0.1445', '0.126'][i % 10] ELSE '0.023' END AS price,
         CASE WHEN kind IN ('gpu', 'cpu', 'ebs', 'net') THEN 'Amazon Elastic Compute Cloud' ELSE 'Amazon Simple Storage Service' END AS service,
         CASE WHEN kind IN ('gpu', 'cpu') THEN 1.0 ELSE (hash(i) % 100000) / 1000.0 END AS qty,
         (hash(i * 7) % 100000000) / 1000000.0 AS cost
  FROM (SELECT i, CASE WHEN i % 10 = 0 THEN 'gpu' WHEN i % 10 <= 3 THEN 'cpu' WHEN i % 10 = 4 THEN 'ebs' WHEN i % 10 = 5 THEN 'net' ELSE 's3' END AS kind
        FROM range(${rows}) t(i))
)`;

async function generate(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${GENERATE}) TO ${literal(csv)} (FORMAT csv, HEADER, NULLSTR 'NULL')`);
  await connection.run(`COPY (SELECT * REPLACE (BilledCost::DECIMAL(38,10) AS BilledCost, EffectiveCost::DECIMAL(38,10) AS EffectiveCost, ListCost::DECIMAL(38,10) AS ListCost,
      ChargePeriodStart::TIMESTAMP AS ChargePeriodStart, ChargePeriodEnd::TIMESTAMP AS ChargePeriodEnd) FROM read_csv(${literal(csv)}, all_varchar = true, nullstr = 'NULL'))
    TO ${literal(parquet)} (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

interface Sample {
  seconds: number;
  cpuSeconds: number | null;
}

const TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of the children this process has waited for (Linux); null elsewhere. */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    return null;
  }
}

/** `pulse import focus FILE` in its own process, into a new database. */
function importWithCli(file: string, db: string): Sample & { said: string } {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const child = spawnSync(process.execPath, [PULSE, '--db', db, 'import', 'focus', file], { cwd: dir, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = childrenCpuSeconds();
  if (child.status !== 0) throw new Error(`pulse import focus ${file} failed (${String(child.status)}): ${child.stderr}`);
  const imported = /([\d,]+) rows imported/.exec(child.stdout)?.[1];
  if (Number(imported?.replace(/,/g, '')) !== rows) throw new Error(`pulse import focus ${file}: expected ${rows} rows imported, the CLI said:\n${child.stdout}`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const said = child.stdout.trim().split('\n').pop() ?? '';
  return { seconds, cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, said };
}

/** One statement in this process, on a new database with Pulse's schema; CPU is this process's (DuckDB's threads). */
async function inProcess(db: string, sql: (columns: { name: string; type: string }[]) => string, file: string, format: 'csv' | 'parquet'): Promise<Sample> {
  const store = await openStore(db);
  try {
    await store.connection.run("SET TimeZone = 'UTC'");
    const reader = format === 'parquet' ? `read_parquet(${literal(file)})` : `read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['NULL', 'null', ''])`;
    const described = (await store.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJS();
    const statement = sql(described.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) })));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await store.connection.run(statement);
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    store.close();
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
  }
}

/** Text decimals through DECIMAL(18,12), the fast exact path (text → DECIMAL(38,12) costs about 3 s more per column and million rows). */
const TYPES = { timestamp: 'TIMESTAMPTZ', decimal: 'DECIMAL(18,12)', json: 'JSON', varchar: 'VARCHAR' } as const;

/** DuckDB's own typed load: the same columns as the import (x_ extras as the same JSON), one plain cast each, nothing else. */
function typedInsert(format: 'csv' | 'parquet', file: string): (columns: { name: string; type: string }[]) => string {
  return (columns) => {
    const plan = planColumns(file, columns.map((c) => c.name), {});
    const typeOf = new Map(columns.map((c) => [c.name, c.type]));
    const casts = plan.mapped.map((m) => {
      const source = typeOf.get(m.source) ?? 'VARCHAR';
      if (source === 'VARCHAR' && m.kind === 'varchar') return ident(m.source);
      return `CAST(${ident(m.source)} AS ${m.kind === 'decimal' && source !== 'VARCHAR' ? 'DECIMAL(38,12)' : TYPES[m.kind]})`;
    });
    const extra = plan.extra.length === 0 ? 'NULL' : `json_object(${plan.extra.map((c) => `${literal(c)}, ${ident(c)}`).join(', ')})`;
    return `INSERT INTO cost_line (${[...plan.mapped.map((m) => ident(m.target)), 'x_extra', 'x_source', 'x_ingest_run'].join(', ')})
      SELECT ${[...casts, extra, "'focus'", "'bench'"].join(', ')} FROM ${readerSql(format, file, columns)}`;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function line(label: string, samples: Sample[], note = ''): string {
  const seconds = median(samples.map((s) => s.seconds));
  const cpus = samples.map((s) => s.cpuSeconds);
  const cpu = cpus.every((c): c is number => c !== null) ? median(cpus) : null;
  const rate = Math.round(rows / seconds).toLocaleString('en-US').padStart(10);
  const cpuText = cpu === null ? 'CPU n/a' : `${cpu.toFixed(2).padStart(6)} s CPU  ${Math.round(rows / cpu).toLocaleString('en-US').padStart(9)} rows per CPU-second`;
  return `    ${label.padEnd(42)} ${rate} rows/s  ${seconds.toFixed(2).padStart(6)} s wall  ${cpuText}${note}`;
}

try {
  const generated = performance.now();
  await generate();
  console.log(`FOCUS import benchmark: ${rows.toLocaleString('en-US')} generated rows, 47 columns (${((performance.now() - generated) / 1000).toFixed(1)} s to generate, not counted)`);
  console.log(`  machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()[0]?.toFixed(1)} at the start; DuckDB ${version()}`);
  const startup = childrenCpuSeconds();
  const started = performance.now();
  spawnSync(process.execPath, [PULSE, '--help'], { cwd: dir });
  const startupCpu = childrenCpuSeconds();
  const startupCpuText = startup === null || startupCpu === null ? '' : `, ${(startupCpu - startup).toFixed(2)} s CPU`;
  console.log(`  CLI start-up alone (pulse --help), which every command pays: ${((performance.now() - started) / 1000).toFixed(2)} s wall${startupCpuText}`);
  console.log(`  target: at least ${TARGET.toLocaleString('en-US')} rows/s${runs > 1 ? `; medians of ${runs} runs` : ''}`);
  for (const [label, file, format] of [
    ['CSV', csv, 'csv'],
    ['Parquet', parquet, 'parquet'],
  ] as const) {
    console.log(`  ${label}, ${(statSync(file).size / 1e6).toFixed(0)} MB`);
    const cli: Sample[] = [];
    let said = '';
    const bare: Sample[] = [];
    const scan: Sample[] = [];
    const typed: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      const result = importWithCli(file, join(dir, `cli-${run}.duckdb`));
      cli.push(result);
      said = result.said;
      bare.push(await inProcess(join(dir, 'ref.duckdb'), (columns) => `SELECT count(*) FROM ${readerSql(format, file, columns)}`, file, format));
      scan.push(await inProcess(join(dir, 'ref.duckdb'), (columns) => `SELECT ${columns.map((c) => `count(${ident(c.name)})`).join(', ')} FROM ${readerSql(format, file, columns)}`, file, format));
      typed.push(await inProcess(join(dir, 'ref.duckdb'), typedInsert(format, file), file, format));
    }
    console.log(line('pulse import focus (CLI process, end to end)', cli, `   ${median(cli.map((s) => s.seconds)) <= rows / TARGET ? 'target met' : 'below target'}`));
    console.log(`      (the CLI said: ${said})`);
    console.log(line('DuckDB alone: SELECT count(*)', bare, format === 'parquet' ? '   (answered from the file footer)' : ''));
    console.log(line('DuckDB alone: read every column', scan));
    console.log(line('DuckDB alone: typed INSERT into cost_line', typed));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
