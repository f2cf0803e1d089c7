/**
 * The cost path as an analyst runs it: `pulse import focus` of the public FOCUS sample, then `pulse kpi
 * gpu-spend --group-by instance_type` shows the sample's GPU spend exactly (summed here with csv-parse and BigInt);
 * usage imports, the Cost Explorer dry run, and both cost KPIs on the demo world.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, pulse, tempDir } from '../helpers.ts';
import { loopbackServer, sendJson } from '../../collector/sources/prometheus/loopback-server.ts';

const FOCUS = join(FIXTURES, 'cost', 'focus');
const SAMPLE = join(FOCUS, 'focus_sample.csv');

/** Decimal text → integer of 10^-12 units (no floats, no DuckDB). */
function units(text: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const value = BigInt(`${m[2] || '0'}${(m[3] ?? '').padEnd(12, '0').slice(0, 12)}`);
  return m[1] === '-' ? -value : value;
}

interface KpiJson {
  kpi: string;
  params: Record<string, unknown>;
  rows: Record<string, unknown>[];
  notes: string[];
}

describe('pulse import focus + pulse kpi gpu-spend', () => {
  const dir = tempDir();
  const db = join(dir, 'cost.duckdb');

  beforeAll(async () => {
    const out = await pulse(['import', 'focus', SAMPLE, '--db', db]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('1,000 rows imported');
  });

  it('shows the sample\'s GPU spend per instance type exactly', async () => {
    const records = parse(readFileSync(SAMPLE), { columns: true }) as Record<string, string>[];
    const expected = new Map<string, bigint>();
    for (const r of records) {
      const type = /On Demand Linux ((?:g3|g4dn|g5|g6|g6e|p3|p4d|p5)\.\w+) Instance Hour/.exec(r['ChargeDescription'] ?? '')?.[1];
      if (type) expected.set(type, (expected.get(type) ?? 0n) + units(r['EffectiveCost'] ?? '0'));
    }
    const out = await pulse(['kpi', 'gpu-spend', '--db', db, '--from', '2024-09-01', '--to', '2024-11-01', '--group-by', 'instance_type', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as KpiJson;
    expect(new Map(result.rows.map((r) => [String(r['instance_type']), units(String(r['cost']))]))).toEqual(expected);
    expect(result.rows.map((r) => [r['instance_type'], r['currency'], r['idle_cost'], r['reason']])).toEqual([
      ['g3.4xlarge', 'USD', null, 'no_telemetry'],
      ['g5.4xlarge', 'USD', null, 'no_telemetry'],
    ]);
    const table = await pulse(['kpi', 'gpu-spend', '--db', db, '--from', '2024-09-01', '--to', '2024-11-01', '--group-by', 'instance_type']);
    expect(table.stdout).toMatch(/g5\.4xlarge\s+11\s+USD/);
  });

  it('says which columns a file lacks, and reports rejected rows with their number and exit code 1', async () => {
    const scenario = join(FOCUS, 'spec-commitment-discount-scenarios', 'commitment_discount_purchase_scenario_2.csv');
    const missing = await pulse(['import', 'focus', scenario, '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing mandatory FOCUS columns BillingCurrency, ProviderName');
    const loaded = await pulse(['import', 'focus', scenario, '--currency', 'USD', '--provider', 'Example', '--db', db]);
    expect(loaded.code).toBe(1);
    expect(loaded.stderr).toContain(`${scenario}: row 3: ChargePeriodEnd: not a timestamp: 2023-02-01T30:00:00Z`);
    expect(loaded.stdout).toContain('2 rows imported, 1 rejected');
    const bad = await pulse(['import', 'focus', scenario, '--currency', 'dollars', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--currency');
  });

  it('imports request counts and rejects bad lines by number', async () => {
    const file = join(dir, 'usage.csv');
    writeFileSync(file, 'window_start,window_end,service,requests\n2024-09-01,2024-09-02,ranker,1000\n2024-09-02,2024-09-03,ranker,many\n');
    const out = await pulse(['import', 'usage', file, '--db', db]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${file}:3: requests: "many" is not a whole number of requests`);
    expect(out.stdout).toContain('1 windows imported, 1 lines rejected');
    const again = await pulse(['import', 'usage', file, '--db', db]);
    expect(again.stdout).toContain('already imported');
  });

  it('reads request counters from a Prometheus API into one usage row per service and day', async () => {
    // One counter at 100 requests an hour, samples every 5 minutes, whatever the range asked for.
    const server = await loopbackServer((request, response) => {
      const params = new URLSearchParams(request.body || new URL(request.url, 'http://x').search);
      const range = Number(/\[(\d+)s\]$/.exec(params.get('query') ?? '')?.[1] ?? 0);
      const at = Number(params.get('time'));
      const values: [number, string][] = [];
      for (let t = Math.ceil((at - range) / 300) * 300; t <= at; t += 300) values.push([t, String((t - 1.7e9) / 36)]);
      sendJson(response, 200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'ranker' }, values }] } });
    });
    try {
      const config = join(dir, 'requests.yaml');
      writeFileSync(config, `version: 1\nprometheus:\n  url: ${server.origin}\ninference:\n  request_counters:\n    - { service: ranker, selector: 'http_requests_total{job="ranker"}' }\n`);
      const out = await pulse(['sync', 'requests', '--from', '2026-10-01', '--to', '2026-10-03', '--db', db, '--config', config]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain('requests: 2 service-days from 1 counters over 2 days in UTC (2 queries)');
      const kpi = await pulse(['kpi', 'cost-per-1k', '--db', db, '--from', '2026-10-01', '--to', '2026-10-03', '--group-by', 'service', '--format', 'json']);
      const rows = (JSON.parse(kpi.stdout) as KpiJson).rows;
      expect(rows.map((r) => [r['service'], r['requests'], r['reason']])).toEqual([
        ['ranker', 2400, 'no_cost_data'],
        ['ranker', 2400, 'no_cost_data'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('estimates a Cost Explorer sync without calling AWS', async () => {
    const config = join(dir, 'pulse.yaml');
    writeFileSync(config, 'version: 1\naws:\n  profile: finops-readonly\n  group_by: [INSTANCE_TYPE, TAG:team]\n');
    const out = await pulse(['sync', 'aws-ce', '--dry-run', '--db', db, '--config', config], { env: { AWS_EC2_METADATA_DISABLED: 'true' } });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/dry run: would request DAILY NetAmortizedCost, NetUnblendedCost, UsageQuantity from \d{4}-\d{2}-01 to \d{4}-\d{2}-\d{2} \(exclusive, \d+ days\), grouped by INSTANCE_TYPE, TAG:team, from us-east-1 with profile finops-readonly/);
    expect(out.stdout).toContain('estimated 1 page = USD 0.01');
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(wrong, 'version: 1\naws:\n  group_by: [SERVICE, INSTANCE_TYPE, REGION]\n');
    const refused = await pulse(['sync', 'aws-ce', '--dry-run', '--db', db, '--config', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/wrong\.yaml:3: aws\.group_by: expected at most 2/);
  });
});

describe('the cost KPIs on the demo world', () => {
  const dir = tempDir();
  const db = join(dir, 'demo.duckdb');
  const END = '2026-11-25T10:17:00Z';

  beforeAll(async () => {
    const out = await pulse(['demo', '--db', db, '--days', '4', '--seed', '2', '--end', END]);
    expect(out.code, out.stderr).toBe(0);
  });

  it('gpu-spend gives GPU cost per model with the savings plan on H100, estimated for the last days', async () => {
    const out = await pulse(['kpi', 'gpu-spend', '--db', db, '--from', '2026-11-22', '--to', '2026-11-26', '--group-by', 'model', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const { rows } = JSON.parse(out.stdout) as KpiJson;
    expect(rows.map((r) => r['model'])).toEqual(['NVIDIA A100-SXM4-80GB', 'NVIDIA H100 80GB HBM3', 'NVIDIA L4']);
    const price = Object.fromEntries(rows.map((r) => [String(r['model']), r['cost_per_gpu_hour']]));
    expect(price).toEqual({ 'NVIDIA A100-SXM4-80GB': '5.12125', 'NVIDIA H100 80GB HBM3': '4.9536', 'NVIDIA L4': '1.66875' });
    for (const r of rows) {
      expect(r).toMatchObject({ currency: 'USD', estimated: true, price_source: 'cost_data', reason: null });
      expect(Number(r['idle_cost'])).toBeGreaterThan(0);
    }
  });

  it('idle-gpus prices every episode as gpu-spend prices idle time: the parts inside the window add up to idle_cost', async () => {
    const window = ['--from', '2026-11-22', '--to', '2026-11-26'];
    const idle = await pulse(['kpi', 'idle-gpus', '--db', db, ...window, '--format', 'json']);
    expect(idle.code, idle.stderr).toBe(0);
    const episodes = (JSON.parse(idle.stdout) as KpiJson).rows;
    expect(episodes.length).toBeGreaterThan(0);
    const [from, to] = [Date.parse('2026-11-22T00:00:00Z'), Date.parse('2026-11-26T00:00:00Z')];
    const expected = new Map<string, { hours: number; cost: number }>();
    for (const e of episodes) {
      // Every model is priced from the cost data, also those with several sizes in the price list (L4) or none (A100).
      const evidence = e['evidence'] as { unit_share: number; time_slicing_share: number | null; price: { source: string; per_gpu_hour: number } };
      expect(evidence.price.source).toBe('cost_data');
      expect(e['cost']).not.toBeNull();
      const start = Date.parse(String(e['start']));
      const minutes = Math.max(0, (Math.min(start + (e['idle_minutes'] as number) * 60_000, to) - Math.max(start, from)) / 60_000);
      const hours = (minutes / 60) * evidence.unit_share * (evidence.time_slicing_share ?? 1);
      const m = expected.get(String(e['model'])) ?? { hours: 0, cost: 0 };
      expected.set(String(e['model']), { hours: m.hours + hours, cost: m.cost + hours * evidence.price.per_gpu_hour });
    }
    const spend = await pulse(['kpi', 'gpu-spend', '--db', db, ...window, '--group-by', 'model', '--format', 'json']);
    const rows = (JSON.parse(spend.stdout) as KpiJson).rows;
    expect(rows.map((r) => r['model'])).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      expect(r['idle_gpu_hours'] as number).toBeCloseTo(expected.get(String(r['model']))?.hours ?? NaN, 3);
      expect(Number(r['idle_cost'])).toBeCloseTo(expected.get(String(r['model']))?.cost ?? NaN, 3);
    }
  });

  it('cost-per-1k gives every model service a cost per 1,000 inferences per day', async () => {
    const out = await pulse(['kpi', 'cost-per-1k', '--db', db, '--from', '2026-11-23', '--to', '2026-11-25', '--group-by', 'service', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const { rows } = JSON.parse(out.stdout) as KpiJson;
    expect([...new Set(rows.map((r) => r['service']))]).toEqual(['asr', 'embedder', 'llm-chat', 'ranker', 'recommender', 'vision-detect']);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r['reason']).toBeNull();
      expect(Number(r['cost_per_1k'])).toBeGreaterThan(0);
      expect(Number(r['usage_based_cost_per_1k'])).toBeLessThanOrEqual(Number(r['cost_per_1k']));
    }
    expect(rows.filter((r) => r['estimated'] === true).map((r) => String(r['window_start']).slice(0, 10))).toEqual(Array(6).fill('2026-11-24'));
  });
});
