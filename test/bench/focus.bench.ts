/**
 * Benchmark: `pulse import focus` throughput on a generated FOCUS 1.2 export of 1,000,000 rows (44 columns as in
 * the public sample: literal NULLs, timestamps without T/Z, JSON tags and SKU details, x_ provider columns, one
 * line in ten a GPU instance line), once as CSV and once as Parquet, each into a fresh database file. The target
 * is at least 500,000 rows/s through DuckDB's own readers. Prints the figures; not a vitest test.
 *   node --import tsx test/bench/focus.bench.ts [rows]
 */
import { mkdtempSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openStore } from '../../collector/store/db.ts';
import { importFocusFiles } from '../../collector/sources/focus/import.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'pulse-focus-bench-'));
const csv = join(dir, 'focus.csv');
const parquet = join(dir, 'focus.parquet');

/** One hourly line per row over October 2026; every tenth row a GPU instance hour. */
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
  CASE WHEN gpu THEN '$' || price || ' per On Demand Linux ' || itype || ' Instance Hour' ELSE '$0.023 per GB-Mo for ' || service END AS ChargeDescription,
  'Usage-Based' AS ChargeFrequency,
  strftime(TIMESTAMP '2026-10-01' + to_hours(i % 744 + 1), '%Y-%m-%d %H:%M:%S') AS ChargePeriodEnd,
  strftime(TIMESTAMP '2026-10-01' + to_hours(i % 744), '%Y-%m-%d %H:%M:%S') AS ChargePeriodStart,
  CASE WHEN gpu AND i % 3 = 0 THEN 'Spend' END AS CommitmentDiscountCategory,
  CASE WHEN gpu AND i % 3 = 0 THEN 'arn:aws:savingsplans::123456789012:savingsplan/sp-' || (i % 7) END AS CommitmentDiscountId,
  NULL AS CommitmentDiscountName,
  CASE WHEN gpu AND i % 3 = 0 THEN 'Used' END AS CommitmentDiscountStatus,
  CASE WHEN gpu AND i % 3 = 0 THEN 'Compute Savings Plan' END AS CommitmentDiscountType,
  round(qty, 6)::VARCHAR AS ConsumedQuantity,
  CASE WHEN gpu THEN 'Hours' ELSE 'GB-Mo' END AS ConsumedUnit,
  round(cost * 0.9, 10)::VARCHAR AS ContractedCost,
  '0.0' AS ContractedUnitPrice,
  round(cost * 0.95, 10)::VARCHAR AS EffectiveCost,
  'Amazon Web Services, Inc.' AS InvoiceIssuerName,
  round(cost * 1.1, 10)::VARCHAR AS ListCost,
  price AS ListUnitPrice,
  'Standard' AS PricingCategory,
  round(qty, 6)::VARCHAR AS PricingQuantity,
  CASE WHEN gpu THEN 'Hours' ELSE 'GB-Mo' END AS PricingUnit,
  'AWS' AS ProviderName,
  'Amazon Web Services, Inc.' AS PublisherName,
  'us-east-1' AS RegionId,
  'US East (N. Virginia)' AS RegionName,
  CASE WHEN gpu THEN 'i-0' || lpad(to_hex(i % 4096), 16, '0') ELSE 'arn:aws:s3:::bucket-' || (i % 500) END AS ResourceId,
  NULL AS ResourceName,
  CASE WHEN gpu THEN 'Instance' ELSE 'Bucket' END AS ResourceType,
  CASE WHEN gpu THEN 'Compute' ELSE 'Storage' END AS ServiceCategory,
  i AS Id,
  service AS ServiceName,
  'SKU' || (i % 211) AS SkuId,
  'SKU' || (i % 211) || '.JRTCKXETXF' AS SkuPriceId,
  '2109876543' || (i % 10) AS SubAccountId,
  'team-account-' || (i % 10) AS SubAccountName,
  '{"team": "team-' || (i % 5) || '", "cluster": "cluster-' || (i % 3) || '"}' AS Tags,
  CASE WHEN gpu THEN '{"InstanceType": "' || itype || '", "GpuCount": ' || gpus || '}' END AS SkuPriceDetails,
  CASE WHEN gpu THEN 'USE1-BoxUsage:' || itype ELSE 'USE1-TimedStorage-ByteHrs' END AS x_UsageType,
  CASE WHEN gpu THEN 'RunInstances' ELSE 'StandardStorage' END AS x_Operation
FROM (
  SELECT i, i % 10 = 0 AS gpu,
         ['p5.48xlarge', 'p4de.24xlarge', 'g6.48xlarge', 'g5.4xlarge'][i % 4 + 1] AS itype,
         [8, 8, 8, 1][i % 4 + 1] AS gpus,
         ['55.04', '40.97', '13.3504', '1.624'][i % 4 + 1] AS price,
         CASE WHEN i % 10 = 0 THEN 'Amazon Elastic Compute Cloud' ELSE 'Amazon Simple Storage Service' END AS service,
         CASE WHEN i % 10 = 0 THEN 1.0 ELSE (hash(i) % 100000) / 1000.0 END AS qty,
         (hash(i * 7) % 100000000) / 1000000.0 AS cost
  FROM range(${rows}) t(i)
)`;

async function generate(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${GENERATE}) TO '${csv}' (FORMAT csv, HEADER, NULLSTR 'NULL')`);
  await connection.run(`COPY (SELECT * REPLACE (BilledCost::DECIMAL(38,10) AS BilledCost, EffectiveCost::DECIMAL(38,10) AS EffectiveCost, ListCost::DECIMAL(38,10) AS ListCost,
      ChargePeriodStart::TIMESTAMP AS ChargePeriodStart, ChargePeriodEnd::TIMESTAMP AS ChargePeriodEnd) FROM read_csv('${csv}', all_varchar = true, nullstr = 'NULL'))
    TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

/** Wall time, and CPU time of the process (all DuckDB threads): the second is what other load cannot inflate. */
async function measure(file: string): Promise<{ seconds: number; cpuSeconds: number; rows: number }> {
  const store = await openStore(join(dir, `${file.endsWith('.csv') ? 'csv' : 'parquet'}.duckdb`));
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await importFocusFiles(store, [file]);
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, rows: result.files.reduce((n, f) => n + f.rows, 0) };
  } finally {
    store.close();
  }
}

const generated = performance.now();
await generate();
console.log(`FOCUS import benchmark: ${rows.toLocaleString('en-US')} generated rows, 46 columns (${((performance.now() - generated) / 1000).toFixed(1)} s to generate)`);
console.log(`  machine        ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
for (const [label, file] of [
  ['CSV', csv],
  ['Parquet', parquet],
] as const) {
  const { seconds, cpuSeconds, rows: loaded } = await measure(file);
  if (loaded !== rows) throw new Error(`${label}: ${loaded} rows loaded, ${rows} expected`);
  const mb = statSync(file).size / 1e6;
  console.log(
    `  ${label.padEnd(8)}       ${Math.round(loaded / seconds).toLocaleString('en-US').padStart(9)} rows/s   ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU ` +
      `(${Math.round(loaded / cpuSeconds).toLocaleString('en-US')} rows per CPU-second)   ${mb.toFixed(0)} MB   target ≥ 500,000 rows/s`,
  );
}
