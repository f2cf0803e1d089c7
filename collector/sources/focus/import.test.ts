/**
 * FOCUS import through DuckDB's readers, checked against sums computed here without DuckDB (csv-parse and BigInt
 * decimals): the public FOCUS sample, the specification's commitment-discount scenarios, re-imports, newer
 * exports, missing columns, bad rows, Parquet, and GPU identification agreeing with the TypeScript identifier.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { FIXTURES, tempDir } from '../../../test/helpers.ts';
import { openStore, type Store } from '../../store/db.ts';
import { identifyGpuLine } from '../../cost/instance-type.ts';
import { importFocusFiles } from './import.ts';

const FOCUS = join(FIXTURES, 'cost', 'focus');
const SAMPLE = join(FOCUS, 'focus_sample.csv');
const SCENARIOS = join(FOCUS, 'spec-commitment-discount-scenarios');
const FLEX = join(FOCUS, 'spec-commitment-discount-flexibility');

/** A decimal text as an integer of 10^-12 units, without DuckDB and without floats. */
function units(text: string | undefined): bigint {
  if (text === undefined || text === '' || text === 'NULL' || text === 'null') return 0n;
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const value = BigInt(`${m[2] || '0'}${(m[3] ?? '').padEnd(12, '0').slice(0, 12)}`);
  return m[1] === '-' ? -value : value;
}

function csvRows(file: string): Record<string, string>[] {
  return (parse(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]).filter((r) => Object.values(r).some((v) => v !== ''));
}

function sumBy(rows: Record<string, string>[], key: (r: Record<string, string>) => string | null, column: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows) {
    const k = key(r);
    if (k !== null) out.set(k, (out.get(k) ?? 0n) + units(r[column]));
  }
  return out;
}

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

async function query(sql: string): Promise<Record<string, string>[]> {
  const rows = (await store.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? 'NULL' : String(v)])));
}

async function dbSums(groupSql: string, column: string, where = 'true'): Promise<Map<string, bigint>> {
  const rows = await query(`SELECT ${groupSql} AS k, sum(${column})::VARCHAR AS s FROM cost_line WHERE ${where} GROUP BY 1`);
  return new Map(rows.map((r) => [r['k'] as string, units(r['s'])]));
}

describe('FOCUS import of the public sample', () => {
  const expected = csvRows(SAMPLE);

  it('loads every row and matches independent totals per provider and per ServiceCategory, for every cost column', async () => {
    const result = await importFocusFiles(store, [SAMPLE]);
    expect(result.files).toMatchObject([{ status: 'imported', rows: 1000, rejected: [] }]);
    expect(expected).toHaveLength(1000);
    for (const column of ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost']) {
      expect(await dbSums('ProviderName', column), column).toEqual(sumBy(expected, (r) => r['ProviderName'] ?? null, column));
      expect(await dbSums("coalesce(ServiceCategory, 'NULL')", column), column).toEqual(sumBy(expected, (r) => r['ServiceCategory'] ?? null, column));
    }
    expect([...(await dbSums('ProviderName', 'EffectiveCost')).keys()].sort()).toEqual(['AWS', 'Microsoft', 'Oracle']);
  });

  it('identifies the GPU instance lines and their GPU-hours exactly', async () => {
    await importFocusFiles(store, [SAMPLE]);
    // Independently: instance-hour descriptions of accelerated families (SOURCES.md), GPUs per size from AWS.
    const gpusOf: Record<string, number> = { 'g3.4xlarge': 1, 'g5.4xlarge': 1 };
    const gpuType = (r: Record<string, string>): string | null => {
      const m = /On Demand Linux (\S+) Instance Hour/.exec(r['ChargeDescription'] ?? '');
      return m?.[1] && /^(p2|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6|g3|g4dn|g4ad|g5|g5g|g6|g6e|gr6|inf1|inf2|trn1|trn1n|trn2|dl1)\./.test(m[1]) ? m[1] : null;
    };
    const cost = sumBy(expected, gpuType, 'EffectiveCost');
    expect([...cost.keys()].sort()).toEqual(['g3.4xlarge', 'g5.4xlarge']);
    expect(await dbSums('x_instance_type', 'EffectiveCost', 'x_gpu_model IS NOT NULL')).toEqual(cost);
    expect(await dbSums('x_instance_type', 'BilledCost', 'x_gpu_model IS NOT NULL')).toEqual(sumBy(expected, gpuType, 'BilledCost'));
    const hours = new Map<string, bigint>();
    for (const r of expected) {
      const t = gpuType(r);
      if (t) hours.set(t, (hours.get(t) ?? 0n) + units(r['PricingQuantity']) * BigInt(gpusOf[t] ?? 0));
    }
    expect(await dbSums('x_instance_type', 'PricingQuantity * x_gpus_per_instance', 'x_gpu_model IS NOT NULL')).toEqual(hours);
    expect(await query("SELECT DISTINCT x_instance_type, x_gpu_model, x_gpus_per_instance FROM cost_line WHERE x_gpu_model IS NOT NULL ORDER BY 1")).toEqual([
      { x_instance_type: 'g3.4xlarge', x_gpu_model: 'Tesla M60', x_gpus_per_instance: '1' },
      { x_instance_type: 'g5.4xlarge', x_gpu_model: 'NVIDIA A10G', x_gpus_per_instance: '1' },
    ]);
  });

  it('reads literal NULL as NULL, timestamps without T/Z as UTC, JSON tags as JSON, and keeps other columns in x_extra', async () => {
    await importFocusFiles(store, [SAMPLE]);
    const [row] = await query("SELECT ChargePeriodStart::VARCHAR AS s, AvailabilityZone AS az, ChargeClass, Tags->>'environment' AS env, x_extra->>'Id' AS id FROM cost_line WHERE x_extra->>'Id' = '19384'");
    expect(row).toEqual({ s: '2024-09-30 22:00:00+00', az: 'NULL', ChargeClass: 'NULL', env: 'dev', id: '19384' });
    expect(await query("SELECT count(*) AS n FROM cost_line WHERE ChargeClass = 'NULL' OR AvailabilityZone = 'NULL' OR ResourceName = 'NULL'")).toEqual([{ n: '0' }]);
  });

  it('changes nothing when the same file is imported again', async () => {
    await importFocusFiles(store, [SAMPLE]);
    const again = await importFocusFiles(store, [SAMPLE]);
    expect(again).toEqual({ files: [expect.objectContaining({ status: 'unchanged', rows: 0 })], replacedRows: 0 });
    expect(await query("SELECT count(*) AS n, count(DISTINCT x_ingest_run) AS runs FROM cost_line")).toEqual([{ n: '1000', runs: '1' }]);
    expect(await query("SELECT status, rows_written, input_sha256 IS NOT NULL AS sha, window_start::VARCHAR AS ws, window_end::VARCHAR AS we FROM ingest_runs")).toEqual([
      { status: 'ok', rows_written: '1000', sha: 'true', ws: '2024-09-01 00:00:00+00', we: '2024-11-01 00:00:00+00' },
    ]);
  });

  it('reads the same data from Parquet, with the file\'s own types converted explicitly', async () => {
    const dir = tempDir();
    const parquet = join(dir, 'focus.parquet');
    await store.connection.run(`COPY (SELECT * REPLACE (BilledCost::DECIMAL(38,12) AS BilledCost, EffectiveCost::DECIMAL(20,11) AS EffectiveCost,
        ChargePeriodStart::TIMESTAMP AS ChargePeriodStart, ChargePeriodEnd::TIMESTAMP AS ChargePeriodEnd, BillingPeriodStart::TIMESTAMP AS BillingPeriodStart, Id::BIGINT AS Id)
      FROM read_csv('${SAMPLE}', header = true, all_varchar = true, nullstr = 'NULL')) TO '${parquet}' (FORMAT parquet)`);
    const result = await importFocusFiles(store, [parquet]);
    expect(result.files).toMatchObject([{ status: 'imported', rows: 1000, rejected: [] }]);
    for (const column of ['BilledCost', 'EffectiveCost', 'ListCost']) {
      expect(await dbSums('ProviderName', column), column).toEqual(sumBy(expected, (r) => r['ProviderName'] ?? null, column));
    }
    const ids = expected.map((r) => Number(r['Id']));
    expect(await query("SELECT min(ChargePeriodStart)::VARCHAR AS s, count(*) FILTER (WHERE x_gpu_model IS NOT NULL) AS gpu, max((x_extra->>'Id')::BIGINT) AS id FROM cost_line")).toEqual([
      { s: '2024-09-01 00:00:00+00', gpu: '10', id: String(Math.max(...ids)) },
    ]);
  });
});

describe('FOCUS exports over time', () => {
  const header = 'BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,BillingCurrency,ProviderName,ServiceName';
  const line = (account: string, month: string, day: string, cost: string, service = 'EC2'): string =>
    `${account},2026-${month}-01T00:00:00Z,2026-${String(Number(month) + 1).padStart(2, '0')}-01T00:00:00Z,2026-${month}-${day}T00:00:00Z,2026-${month}-${day}T01:00:00Z,Usage,${cost},${cost},USD,AWS,${service}`;

  it('replaces an older export of the same billing period, leaving other periods and accounts alone', async () => {
    const dir = tempDir();
    const write = (name: string, lines: string[]): string => {
      writeFileSync(join(dir, name), [header, ...lines].join('\n'));
      return join(dir, name);
    };
    await importFocusFiles(store, [write('october.csv', [line('111', '10', '05', '7.5')]), write('other-account.csv', [line('222', '11', '03', '1')])]);
    await importFocusFiles(store, [write('november-v1.csv', [line('111', '11', '02', '10.25'), line('111', '11', '03', '4', 'S3')])]);
    const v2 = await importFocusFiles(store, [write('november-v2.csv', [line('111', '11', '02', '10.5')])]);
    expect(v2.replacedRows).toBe(2);
    expect(await query("SELECT BillingAccountId AS a, ChargePeriodStart::DATE::VARCHAR AS d, EffectiveCost::VARCHAR AS c FROM cost_line ORDER BY a, d")).toEqual([
      { a: '111', d: '2026-10-05', c: '7.500000000000' },
      { a: '111', d: '2026-11-02', c: '10.500000000000' },
      { a: '222', d: '2026-11-03', c: '1.000000000000' },
    ]);
    // The superseded file again: it was imported before, so nothing changes.
    const old = await importFocusFiles(store, [join(dir, 'november-v1.csv')]);
    expect(old.files[0]?.status).toBe('unchanged');
    expect(await query("SELECT sum(EffectiveCost)::VARCHAR AS s FROM cost_line")).toEqual([{ s: '19.000000000000' }]);
  });

  it('names the missing mandatory columns and loads nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'thin.csv');
    writeFileSync(file, 'BillingPeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,BillingCurrency,ProviderName\n2026-11-01,2026-11-02,Usage,1,USD,AWS\n');
    await expect(importFocusFiles(store, [file])).rejects.toThrow(`${file}: missing mandatory FOCUS columns ChargePeriodStart, EffectiveCost`);
    expect(await query('SELECT count(*) AS n FROM ingest_runs')).toEqual([{ n: '0' }]);
  });

  it('reports bad rows by row number with the column and the value, and loads the others', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        header,
        line('111', '11', '02', '1'),
        line('111', '11', '03', '12.5O'),
        line('111', '11', '04', '2').replace(',Usage,', ',Refund,'),
        line('111', '11', '05', '3').replace('2026-11-05T00:00:00Z', 'NULL'),
        line('111', '11', '06', '4').replace('2026-11-06T01:00:00Z', '2026-11-05T00:00:00Z'),
        line('111', '11', '07', '5'),
      ].join('\n'),
    );
    const result = await importFocusFiles(store, [file]);
    expect(result.files[0]?.rows).toBe(2);
    expect(result.files[0]?.rejected).toEqual([
      'row 2: BilledCost: not a decimal number: 12.5O; EffectiveCost: not a decimal number: 12.5O',
      'row 3: ChargeCategory: Refund is not Usage, Purchase, Tax, Credit, Adjustment',
      'row 4: ChargePeriodStart: empty',
      'row 5: ChargePeriodEnd is before ChargePeriodStart',
    ]);
    expect(await query('SELECT count(*) AS n FROM cost_line')).toEqual([{ n: '2' }]);
  });

  it('reads every timestamp form as the same instant and amounts exactly, wide or padded, through the fast and the general casts', async () => {
    const dir = tempDir();
    const file = join(dir, 'forms.csv');
    const forms: [string, string, string][] = [
      ['2026-11-01 02:00:00', '2026-11-01 02:00:00+00', '0.5'],
      ['2026-11-01T02:00:00', '2026-11-01 02:00:00+00', '1234567.123456789012'],
      ['2026-11-01T02:00:00Z', '2026-11-01 02:00:00+00', ' 12.5 '],
      ['2026-11-01T04:00:00+02:00', '2026-11-01 02:00:00+00', '-999999.999999999999'],
      ['2026-11-01 02:00:00-05', '2026-11-01 07:00:00+00', '0.0000000000004'],
      ['2026-11-01 02:00:00.25', '2026-11-01 02:00:00.25+00', '0.0000000000005'],
      ['2026-11-01', '2026-11-01 00:00:00+00', '123456789012345678.5'],
    ];
    writeFileSync(
      file,
      [header.replace(',ServiceName', ',x_Form'), ...forms.map(([start, , cost], i) => `111,2026-11-01,2026-12-01,${start},2026-11-02 00:00:00,Usage,"${cost}",${cost.trim()},USD,AWS,${i}`)].join('\n'),
    );
    const result = await importFocusFiles(store, [file]);
    expect(result.files[0]).toMatchObject({ rows: forms.length, rejected: [] });
    const rows = await query("SELECT ChargePeriodStart::VARCHAR AS s, BilledCost::VARCHAR AS b, EffectiveCost::VARCHAR AS e FROM cost_line ORDER BY (x_extra->>'x_Form')::INTEGER");
    // DECIMAL(38,12) rounds a 13th decimal half away from zero, whichever cast path it takes.
    const exact = (text: string): string => (units(text) + (/\.\d{12}[5-9]/.test(text.trim()) ? 1n : 0n)).toString().padStart(13, '0').replace(/(\d{12})$/, '.$1');
    expect(rows.map((r) => r['s'])).toEqual(forms.map(([, instant]) => instant));
    expect(rows.map((r) => [r['b'], r['e']])).toEqual(forms.map(([, , cost]) => [exact(cost), exact(cost)]));
  });
});

describe('the FOCUS specification\'s commitment-discount examples', () => {
  const files = [...['purchase_scenario_1', 'purchase_scenario_2', 'purchase_scenario_3', 'usage_scenario_1', 'usage_scenario_2', 'usage_scenario_3', 'usage_scenario_4'].map((n) => join(SCENARIOS, `commitment_discount_${n}.csv`))];
  const flexible = [
    'one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource',
    'one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources',
    'one_hundred_percent_utilization_without_commitment_discount_flexibility',
    'zero_percent_utilization_without_commitment_discount_flexibility',
  ].map((n) => join(FLEX, `${n}.csv`));

  it('load together (one export), the two upstream rows with an hour of 30 rejected by row number', async () => {
    const result = await importFocusFiles(store, [...files, ...flexible], { currency: 'USD', provider: 'Example' });
    const byName = Object.fromEntries(result.files.map((f) => [f.file.split('/').pop(), f]));
    expect(byName['commitment_discount_purchase_scenario_2.csv']?.rejected).toEqual(['row 3: ChargePeriodEnd: not a timestamp: 2023-02-01T30:00:00Z']);
    expect(byName['commitment_discount_purchase_scenario_3.csv']?.rejected).toEqual(['row 4: ChargePeriodEnd: not a timestamp: 2023-02-01T30:00:00Z']);
    const expectedRows = [...files, ...flexible].reduce((n, f) => n + csvRows(f).length, 0) - 2;
    expect(await query('SELECT count(*) AS n FROM cost_line')).toEqual([{ n: String(expectedRows) }]);
  });

  it('count every dollar once on the amortized basis: purchases carry no EffectiveCost, covered usage carries it', async () => {
    await importFocusFiles(store, flexible, { currency: 'USD', provider: 'Example' });
    for (const file of flexible) {
      const rows = csvRows(file);
      const billed = rows.reduce((s, r) => s + units(r['BilledCost']), 0n);
      const effective = rows.reduce((s, r) => s + units(r['EffectiveCost']), 0n);
      const list = rows.reduce((s, r) => s + units(r['ListCost']), 0n);
      // The invoice and the amortized view agree; summing ListCost would count the commitment twice.
      expect(effective, file).toBe(billed);
      expect(list > effective, file).toBe(true);
    }
    const all = flexible.flatMap(csvRows);
    const [totals] = await query("SELECT sum(BilledCost)::VARCHAR AS billed, sum(EffectiveCost)::VARCHAR AS effective, sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Purchase')::VARCHAR AS purchases FROM cost_line");
    expect(units(totals?.['billed'])).toBe(all.reduce((s, r) => s + units(r['BilledCost']), 0n));
    expect(units(totals?.['effective'])).toBe(all.reduce((s, r) => s + units(r['EffectiveCost']), 0n));
    expect(units(totals?.['effective'])).toBe(units('9.75'));
    expect(units(totals?.['purchases'])).toBe(0n);
  });
});

describe('GPU identification in SQL agrees with the TypeScript identifier', () => {
  it('gives the same instance type, model and count on every kind of hint', async () => {
    const cases: [string, string, string][] = [
      ['{"InstanceType":"p5.48xlarge","GpuCount":8}', '', ''],
      ['{"InstanceType":"p5.48xlarge","GpuCount":4}', '', ''],
      ['', 'USE1-BoxUsage:g5.4xlarge', ''],
      ['', 'EUC1-SpotUsage:p4d.24xlarge', ''],
      ['', 'USE1-Host:ml.g5.xlarge', ''],
      ['', 'USW2-EBSOptimized:g5.4xlarge', ''],
      ['', '', '$1.624 per On Demand Linux g5.4xlarge Instance Hour'],
      ['', '', '$1.4084 per Hosting ml.g6e.2xlarge hour in US East (N. Virginia)'],
      ['', '', 'USD 0.0 per Linux/UNIX (Amazon VPC), g5.xlarge reserved instance applied'],
      ['', '', '$0.00 for 4245 Mbps per g6.4xlarge instance-hour (or partial hour)'],
      ['', '', '$0.19152 per On Demand Linux m7i-flex.xlarge Instance Hour'],
      ['', 'BoxUsage:g5.96xlarge', ''],
      ['', 'BoxUsage:p6-b200.48xlarge', ''],
      ['', '', 'storage'],
    ];
    const dir = tempDir();
    const file = join(dir, 'hints.csv');
    const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    writeFileSync(
      file,
      ['ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,ChargeCategory,BilledCost,EffectiveCost,BillingCurrency,ProviderName,SkuPriceDetails,x_UsageType,ChargeDescription,x_Case',
        ...cases.map(([sku, usage, description], i) => `2026-11-01,2026-11-02,2026-11-01,Usage,1,1,USD,AWS,${quote(sku)},${quote(usage)},${quote(description)},${i}`)].join('\n'),
    );
    await importFocusFiles(store, [file]);
    const rows = await query("SELECT (x_extra->>'x_Case')::INTEGER AS i, x_instance_type, x_gpu_model, x_gpus_per_instance FROM cost_line ORDER BY i");
    const fromSql = rows.map((r) => (r['x_gpu_model'] === 'NULL' ? null : { instanceType: r['x_instance_type'], gpuModel: r['x_gpu_model'], gpusPerInstance: r['x_gpus_per_instance'] === 'NULL' ? null : Number(r['x_gpus_per_instance']) }));
    const fromTs = cases.map(([sku, usage, description]) => {
      const found = identifyGpuLine({ skuPriceDetails: sku || null, usageType: usage || null, chargeDescription: description || null });
      return found ? { instanceType: found.instanceType, gpuModel: found.gpuModel, gpusPerInstance: found.gpusPerInstance } : null;
    });
    expect(fromSql).toEqual(fromTs);
    expect(fromTs.filter((x) => x !== null)).toHaveLength(10);
  });
});
