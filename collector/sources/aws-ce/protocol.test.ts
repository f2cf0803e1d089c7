/**
 * The Cost Explorer path against the real SDK client: a loopback server replays recorded-shaped GetCostAndUsage
 * pages (JSON 1.1 over POST /), the SDK is not mocked. Pagination, throttling, restatement and tag keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/db.ts';
import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import type { AwsConfig } from '../../config/cost.ts';
import { costExplorerClient } from './client.ts';
import { planSync, syncCostExplorer } from './sync.ts';
import { limitExceeded, replayServer, type ReplayResponse, type ReplayServer } from './replay-server.ts';

const NOW = Date.parse('2026-11-03T09:30:00Z'); // window 2026-10-01 .. 2026-11-03 (34 days)
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

interface Group {
  keys: string[];
  amortized: string;
  unblended?: string;
  usage?: string;
  unit?: string;
}

/** A DAILY period as Cost Explorer returns it when grouped: `Total` is {} and every metric a string. */
function period(day: string, groups: Group[], estimated = false): Record<string, unknown> {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    TimePeriod: { Start: day, End: next },
    Total: {},
    Groups: groups.map((g) => ({
      Keys: g.keys,
      Metrics: {
        NetAmortizedCost: { Amount: g.amortized, Unit: 'USD' },
        NetUnblendedCost: { Amount: g.unblended ?? g.amortized, Unit: 'USD' },
        UsageQuantity: { Amount: g.usage ?? '24', Unit: g.unit ?? 'Hrs' },
      },
    })),
    Estimated: estimated,
  };
}

function page(groupBy: [string, string][], periods: Record<string, unknown>[], token?: string): ReplayResponse {
  return {
    status: 200,
    body: {
      GroupDefinitions: groupBy.map(([Type, Key]) => ({ Type, Key })),
      ResultsByTime: periods,
      DimensionValueAttributes: [],
      ...(token ? { NextPageToken: token } : {}),
    },
  };
}

const SERVICE_USAGE: [string, string][] = [
  ['DIMENSION', 'SERVICE'],
  ['DIMENSION', 'USAGE_TYPE'],
];
const EC2 = 'Amazon Elastic Compute Cloud - Compute';

let server: ReplayServer | null = null;
let store: Store | null = null;
afterEach(async () => {
  store?.close();
  store = null;
  await server?.close();
  server = null;
});

async function setup(responses: ReplayResponse[], aws: Partial<AwsConfig> = {}, maxAttempts?: number) {
  server = await replayServer(responses);
  store = await openStore(':memory:');
  const config: AwsConfig = { ...DEFAULT_CONFIG.aws, ...aws };
  const client = costExplorerClient(config, { endpoint: server.endpoint, credentials: CREDENTIALS, ...(maxAttempts ? { maxAttempts } : {}) });
  return { server, store, config, client };
}

async function rows(s: Store, sql: string): Promise<Record<string, unknown>[]> {
  return (await s.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

describe('Cost Explorer sync over the wire', () => {
  it('follows a chain of three pages with otherwise identical requests, and prices the pages', async () => {
    const { server, store, config, client } = await setup([
      page(SERVICE_USAGE, [period('2026-10-01', [{ keys: [EC2, 'USE1-BoxUsage:p5.48xlarge'], amortized: '1320.9600000000' }])], 'token-1'),
      page(SERVICE_USAGE, [period('2026-10-02', [{ keys: [EC2, 'USE1-BoxUsage:p5.48xlarge'], amortized: '1320.9600000000' }, { keys: ['Amazon Simple Storage Service', 'USE1-TimedStorage-ByteHrs'], amortized: '0.1234567891', usage: '512.5', unit: 'GB-Mo' }])], 'token-2'),
      page(SERVICE_USAGE, [period('2026-10-03', [{ keys: [EC2, 'USE1-BoxUsage:g5.4xlarge'], amortized: '38.976', usage: '24' }])]),
    ]);
    const pages: number[] = [];
    const summary = await syncCostExplorer(store, client, config, { now: NOW, onPage: (n) => pages.push(n) });

    expect(summary).toMatchObject({ pages: 3, attempts: 3, costUsd: '0.03', rows: 4, estimatedRows: 0, replacedRows: 0 });
    expect(pages).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/');
      expect(r.headers['x-amz-target']).toBe('AWSInsightsIndexService.GetCostAndUsage');
      expect(r.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(String(r.headers['authorization'])).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/ce\/aws4_request/);
    }
    const [first, second, third] = server.requests.map((r) => r.body);
    expect(first).toEqual({
      TimePeriod: { Start: '2026-10-01', End: '2026-11-03' },
      Granularity: 'DAILY',
      Metrics: ['NetAmortizedCost', 'NetUnblendedCost', 'UsageQuantity'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      Filter: { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Tax', 'Credit', 'Refund'] } } },
    });
    expect(second).toEqual({ ...first, NextPageToken: 'token-1' });
    expect(third).toEqual({ ...first, NextPageToken: 'token-2' });

    const lines = await rows(store, `SELECT ChargePeriodStart::VARCHAR AS day, ServiceName, x_usage_type, x_instance_type, x_gpu_model, x_gpus_per_instance,
      EffectiveCost::VARCHAR AS cost, BillingCurrency, PricingQuantity::VARCHAR AS qty, PricingUnit, x_estimated FROM cost_line ORDER BY day, ServiceName`);
    expect(lines).toEqual([
      { day: '2026-10-01 00:00:00+00', ServiceName: EC2, x_usage_type: 'USE1-BoxUsage:p5.48xlarge', x_instance_type: 'p5.48xlarge', x_gpu_model: 'NVIDIA H100 80GB HBM3', x_gpus_per_instance: 8, cost: '1320.960000000000', BillingCurrency: 'USD', qty: '24.000000000000', PricingUnit: 'Hrs', x_estimated: false },
      { day: '2026-10-02 00:00:00+00', ServiceName: EC2, x_usage_type: 'USE1-BoxUsage:p5.48xlarge', x_instance_type: 'p5.48xlarge', x_gpu_model: 'NVIDIA H100 80GB HBM3', x_gpus_per_instance: 8, cost: '1320.960000000000', BillingCurrency: 'USD', qty: '24.000000000000', PricingUnit: 'Hrs', x_estimated: false },
      { day: '2026-10-02 00:00:00+00', ServiceName: 'Amazon Simple Storage Service', x_usage_type: 'USE1-TimedStorage-ByteHrs', x_instance_type: null, x_gpu_model: null, x_gpus_per_instance: null, cost: '0.123456789100', BillingCurrency: 'USD', qty: '512.500000000000', PricingUnit: 'GB-Mo', x_estimated: false },
      { day: '2026-10-03 00:00:00+00', ServiceName: EC2, x_usage_type: 'USE1-BoxUsage:g5.4xlarge', x_instance_type: 'g5.4xlarge', x_gpu_model: 'NVIDIA A10G', x_gpus_per_instance: 1, cost: '38.976000000000', BillingCurrency: 'USD', qty: '24.000000000000', PricingUnit: 'Hrs', x_estimated: false },
    ]);
    expect(await rows(store, "SELECT sum(EffectiveCost)::VARCHAR AS total FROM cost_line")).toEqual([{ total: '2681.019456789100' }]);
    expect(await rows(store, "SELECT source, status, api_requests, window_start::VARCHAR AS ws, window_end::VARCHAR AS we FROM ingest_runs")).toEqual([
      { source: 'aws-ce', status: 'ok', api_requests: 3, ws: '2026-10-01 00:00:00+00', we: '2026-11-03 00:00:00+00' },
    ]);
  });

  it('retries LimitExceededException and then succeeds, billing only the answered page', async () => {
    const { server, store, config, client } = await setup([
      limitExceeded(),
      page(SERVICE_USAGE, [period('2026-10-05', [{ keys: [EC2, 'USE1-BoxUsage:g6.48xlarge'], amortized: '320.4096' }])]),
    ]);
    const summary = await syncCostExplorer(store, client, config, { now: NOW });
    expect(summary).toMatchObject({ pages: 1, attempts: 2, costUsd: '0.01', rows: 1 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toEqual(server.requests[0]?.body);
    expect(await rows(store, 'SELECT x_gpu_model, EffectiveCost::VARCHAR AS c FROM cost_line')).toEqual([{ x_gpu_model: 'NVIDIA L4', c: '320.409600000000' }]);
  });

  it('gives up after the retries, keeps the previous data and records the failed run', async () => {
    const { store, config, client } = await setup([limitExceeded(), limitExceeded('Rate exceeded again')], {}, 2);
    await store.connection.run(
      "INSERT INTO cost_line (ChargePeriodStart, ChargePeriodEnd, ChargeCategory, BilledCost, EffectiveCost, BillingCurrency, ProviderName, x_source, x_ingest_run) VALUES ('2026-10-02', '2026-10-03', 'Usage', 5, 5, 'USD', 'AWS', 'aws-ce', 'earlier')",
    );
    await expect(syncCostExplorer(store, client, config, { now: NOW })).rejects.toThrow(/after 0 pages: LimitExceededException: Rate exceeded again/);
    expect(await rows(store, 'SELECT x_ingest_run FROM cost_line')).toEqual([{ x_ingest_run: 'earlier' }]);
    expect(await rows(store, 'SELECT status, api_requests FROM ingest_runs')).toEqual([{ status: 'failed', api_requests: 0 }]);
  });

  it('restates: a changed estimated group is replaced, a vanished one removed, the window rebuilt in one go', async () => {
    const TEAM: [string, string][] = [
      ['DIMENSION', 'USAGE_TYPE'],
      ['TAG', 'team'],
    ];
    const { store, config } = await setup([], { group_by: ['USAGE_TYPE', 'TAG:team'] });
    const sync = async (now: number, responses: ReplayResponse[]) => {
      await server?.close();
      server = await replayServer(responses);
      const client = costExplorerClient(config, { endpoint: server.endpoint, credentials: CREDENTIALS });
      return syncCostExplorer(store as Store, client, config, { now });
    };
    // Day one: the 1st is final; the 2nd still estimated with two groups.
    await sync(NOW, [
      page(TEAM, [
        period('2026-11-01', [{ keys: ['USE1-BoxUsage:p5.48xlarge', 'team$search'], amortized: '1320.96' }]),
        period(
          '2026-11-02',
          [
            { keys: ['USE1-BoxUsage:p5.48xlarge', 'team$search'], amortized: '1100.80' },
            { keys: ['USE1-BoxUsage:g5.xlarge', 'team$'], amortized: '24.144' },
          ],
          true,
        ),
      ]),
    ]);
    expect(await rows(store, "SELECT ChargePeriodStart::DATE::VARCHAR AS d, x_instance_type, Tags->>'team' AS team, x_extra->>'$.x_UntaggedKeys[0]' AS untagged, EffectiveCost::VARCHAR AS c, x_estimated FROM cost_line ORDER BY d, EffectiveCost")).toEqual([
      { d: '2026-11-01', x_instance_type: 'p5.48xlarge', team: 'search', untagged: null, c: '1320.960000000000', x_estimated: false },
      { d: '2026-11-02', x_instance_type: 'g5.xlarge', team: null, untagged: 'team', c: '24.144000000000', x_estimated: true },
      { d: '2026-11-02', x_instance_type: 'p5.48xlarge', team: 'search', untagged: null, c: '1100.800000000000', x_estimated: true },
    ]);

    // Next day: the 2nd is restated (final now, the p5 amount changed, the g5 group is gone); the 3rd is new.
    const next = await sync(NOW + 86_400_000, [
      page(TEAM, [
        period('2026-11-01', [{ keys: ['USE1-BoxUsage:p5.48xlarge', 'team$search'], amortized: '1320.96' }]),
        period('2026-11-02', [{ keys: ['USE1-BoxUsage:p5.48xlarge', 'team$search'], amortized: '1320.96' }]),
        period('2026-11-03', [{ keys: ['USE1-BoxUsage:p5.48xlarge', 'team$search'], amortized: '990.72' }], true),
      ]),
    ]);
    expect(next).toMatchObject({ rows: 3, estimatedRows: 1, replacedRows: 3 });
    expect(await rows(store, 'SELECT ChargePeriodStart::DATE::VARCHAR AS d, x_instance_type, EffectiveCost::VARCHAR AS c, x_estimated FROM cost_line ORDER BY d')).toEqual([
      { d: '2026-11-01', x_instance_type: 'p5.48xlarge', c: '1320.960000000000', x_estimated: false },
      { d: '2026-11-02', x_instance_type: 'p5.48xlarge', c: '1320.960000000000', x_estimated: false },
      { d: '2026-11-03', x_instance_type: 'p5.48xlarge', c: '990.720000000000', x_estimated: true },
    ]);
    expect(await rows(store, "SELECT count(*)::INTEGER AS n FROM ingest_runs WHERE status = 'ok'")).toEqual([{ n: 2 }]);
  });

  it('estimates the pages of the next sync from the last one without calling AWS', async () => {
    const { server, store, config, client } = await setup([
      page(SERVICE_USAGE, [period('2026-10-01', [])], 'a'),
      page(SERVICE_USAGE, [period('2026-10-02', [])]),
    ]);
    expect(await planSync(store, config, NOW)).toMatchObject({ estimatedPages: 1, estimatedCostUsd: '0.01', window: { start: '2026-10-01', end: '2026-11-03', days: 33 } });
    await syncCostExplorer(store, client, config, { now: NOW });
    const plan = await planSync(store, config, Date.parse('2026-12-15T00:00:00Z'));
    expect(plan).toMatchObject({ estimatedPages: 3, estimatedCostUsd: '0.03', window: { start: '2026-11-01', end: '2026-12-15', days: 44 } });
    expect(plan.basis).toMatch(/2 pages for 33 days/);
    expect(server.requests).toHaveLength(2);
  });
});
