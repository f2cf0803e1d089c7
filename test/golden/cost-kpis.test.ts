/**
 * Golden scenario of the cost KPIs with hand-computed expectations (METRICS.md, Cost). One cluster `c1` of two
 * g6.xlarge instances (one NVIDIA L4 each) at USD 0.80 per instance-hour, three days (2026-03-01 .. 03-03 UTC):
 *
 * - gpu-a: held by pod ranker-0 (container ranker), busy 00:00–18:00, idle 18:00–24:00 every day;
 * - gpu-b: held by pod embedder-0 (container embedder), busy 00:00–12:00, idle 12:00–24:00 every day;
 * - the bill: two GPU lines per day (24 h × 0.80 = 19.20 each, day 3 estimated) and an S3 line tagged
 *   service=ranker of 2.40 a day;
 * - requests: ranker 120,000 on day 1, 0 on day 2, no data on day 3; embedder 500, 2,000, 2,000.
 *
 * So the GPU-hour price is 0.80 (cost data); ranker day 1: allocation 24 h × 0.80 + 2.40 = 21.60, usage
 * 18 h × 0.80 + 2.40 = 16.80, per 1k 0.18 and 0.14, utilization 16.80 ÷ 21.60 = 0.7778.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../collector/store/db.ts';
import { StoreWriter } from '../../collector/store/writer.ts';
import { QueryRegistry } from '../../queries/registry.ts';
import { runKpi } from '../../queries/kpis.ts';
import { DEFAULT_GPU_THRESHOLDS } from '../../queries/kpi/definition.ts';
import { defaultCostSettings } from '../../queries/kpi/cost-settings.ts';
import type { KpiRequest, PlainRow } from '../../queries/contract.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const D0 = Date.parse('2026-03-01T00:00:00Z');
const AFTER = D0 + 5 * DAY;

let store: Store;
let registry: QueryRegistry;

async function seed(writer: StoreWriter): Promise<void> {
  await writer.appendRows('services', [
    { service: 'ranker', team: 'search', repository: null, path_globs: null, kind: 'model-serving' },
    { service: 'embedder', team: 'search', repository: null, path_globs: null, kind: 'model-serving' },
  ]);
  await writer.appendRows('gpus', ['gpu-a', 'gpu-b'].map((uuid, i) => ({ gpu_uuid: uuid, cluster: 'c1', node: `n${i}`, gpu_index: 0, model: 'NVIDIA L4', first_seen: D0 })));
  await writer.appendRows('gpu_allocations', [
    { gpu_uuid: 'gpu-a', gpu_instance: '', namespace: 'search', pod: 'ranker-0', container: 'ranker', pod_gpus: 1, share: 1, start_at: D0, end_at: null, source: 'test' },
    { gpu_uuid: 'gpu-b', gpu_instance: '', namespace: 'search', pod: 'embedder-0', container: 'embedder', pod_gpus: 1, share: 1, start_at: D0, end_at: null, source: 'test' },
  ]);
  const busyUntil: Record<string, number> = { 'gpu-a': 18 * 60, 'gpu-b': 12 * 60 };
  const minutes: Record<string, unknown[]> = { gpu_uuid: [], gpu_instance: [], minute: [], activity: [], activity_source: [], samples: [], bad_samples: [], source: [] };
  for (const uuid of ['gpu-a', 'gpu-b']) {
    for (let m = 0; m < 3 * 1440; m++) {
      minutes['gpu_uuid']?.push(uuid);
      minutes['gpu_instance']?.push('');
      minutes['minute']?.push(D0 + m * MIN);
      minutes['activity']?.push(m % 1440 < (busyUntil[uuid] ?? 0) ? 0.8 : 0);
      minutes['activity_source']?.push('dev_gpu_util');
      minutes['samples']?.push(4);
      minutes['bad_samples']?.push(0);
      minutes['source']?.push('test');
    }
  }
  await writer.append('gpu_minute', minutes);
  const line = (day: number, extra: Record<string, unknown>): Record<string, unknown> => ({
    BillingPeriodStart: D0,
    BillingPeriodEnd: D0 + 31 * DAY,
    ChargePeriodStart: D0 + day * DAY,
    ChargePeriodEnd: D0 + (day + 1) * DAY,
    ChargeCategory: 'Usage',
    BillingCurrency: 'USD',
    ProviderName: 'AWS',
    x_source: 'test',
    x_ingest_run: 'test',
    x_estimated: day === 2,
    ...extra,
  });
  // appendRows takes its columns from the first row: GPU and storage lines go in separately.
  const rows: Record<string, unknown>[] = [];
  const storage: Record<string, unknown>[] = [];
  for (let day = 0; day < 3; day++) {
    for (const node of ['n0', 'n1']) {
      rows.push(
        line(day, {
          BilledCost: '19.2',
          EffectiveCost: '19.2',
          PricingQuantity: '24',
          PricingUnit: 'Hours',
          ResourceId: `i-${node}`,
          ServiceName: 'Amazon Elastic Compute Cloud',
          ServiceCategory: 'Compute',
          x_instance_type: 'g6.xlarge',
          x_gpu_model: 'NVIDIA L4',
          x_gpus_per_instance: 1,
          x_cluster: 'c1',
        }),
      );
    }
    storage.push(line(day, { BilledCost: '2.4', EffectiveCost: '2.4', ServiceName: 'Amazon Simple Storage Service', ServiceCategory: 'Storage', Tags: { service: 'ranker' } }));
  }
  await writer.appendRows('cost_line', rows);
  await writer.appendRows('cost_line', storage);
  const usage = (service: string, day: number, value: number): Record<string, unknown> => ({ metric: 'inference_requests', service, window_start: D0 + day * DAY, window_end: D0 + (day + 1) * DAY, value, source: 'test' });
  await writer.appendRows('usage_metric', [usage('ranker', 0, 120_000), usage('ranker', 1, 0), usage('embedder', 0, 500), usage('embedder', 1, 2000), usage('embedder', 2, 2000)]);
}

beforeAll(async () => {
  store = await openStore(':memory:');
  const writer = new StoreWriter(store.connection);
  await writer.transaction(() => seed(writer));
  registry = QueryRegistry.load(store.connection);
});
afterAll(() => {
  registry.close();
  store.close();
});

const request = (groupBy: string | null): KpiRequest => ({ from: new Date(D0).toISOString(), to: new Date(D0 + 3 * DAY).toISOString(), tz: 'UTC', groupBy });
const run = async (kpi: string, groupBy: string | null, now = AFTER): Promise<PlainRow[]> =>
  (await runKpi(registry, kpi, request(groupBy), { gpuThresholds: DEFAULT_GPU_THRESHOLDS, cost: defaultCostSettings(now) })).rows;

describe('cost-per-1k on the hand-computed scenario', () => {
  it('gives both bases per service and day, a zero-request day and a day without usage data as nulls with reasons', async () => {
    const rows = await run('cost-per-1k', 'service');
    const pick = (r: PlainRow): PlainRow => ({
      service: r['service'] ?? null,
      day: String(r['window_start']).slice(0, 10),
      allocated_gpu_hours: r['allocated_gpu_hours'] ?? null,
      busy_gpu_hours: r['busy_gpu_hours'] ?? null,
      attributed_cost: r['attributed_cost'] ?? null,
      allocation_based_cost: r['allocation_based_cost'] ?? null,
      usage_based_cost: r['usage_based_cost'] ?? null,
      currency: r['currency'] ?? null,
      requests: r['requests'] ?? null,
      cost_per_1k: r['cost_per_1k'] ?? null,
      usage_based_cost_per_1k: r['usage_based_cost_per_1k'] ?? null,
      utilization: r['utilization'] ?? null,
      price_source: r['price_source'] ?? null,
      estimated: r['estimated'] ?? null,
      partial: r['partial'] ?? null,
      low_volume: r['low_volume'] ?? null,
      reason: r['reason'] ?? null,
    });
    const ranker = { service: 'ranker', allocated_gpu_hours: 24, busy_gpu_hours: 18, attributed_cost: '2.4', allocation_based_cost: '21.6', usage_based_cost: '16.8', currency: 'USD', utilization: 0.7778, price_source: 'cost_data', partial: false };
    const embedder = { service: 'embedder', allocated_gpu_hours: 24, busy_gpu_hours: 12, attributed_cost: null, allocation_based_cost: '19.2', usage_based_cost: '9.6', currency: 'USD', utilization: 0.5, price_source: 'cost_data', partial: false };
    expect(rows.map(pick)).toEqual([
      { ...embedder, day: '2026-03-01', requests: 500, cost_per_1k: '38.4', usage_based_cost_per_1k: '19.2', estimated: false, low_volume: true, reason: null },
      { ...embedder, day: '2026-03-02', requests: 2000, cost_per_1k: '9.6', usage_based_cost_per_1k: '4.8', estimated: false, low_volume: false, reason: null },
      { ...embedder, day: '2026-03-03', requests: 2000, cost_per_1k: '9.6', usage_based_cost_per_1k: '4.8', estimated: true, low_volume: false, reason: null },
      { ...ranker, day: '2026-03-01', requests: 120000, cost_per_1k: '0.18', usage_based_cost_per_1k: '0.14', estimated: false, low_volume: false, reason: null },
      { ...ranker, day: '2026-03-02', requests: 0, cost_per_1k: null, usage_based_cost_per_1k: null, estimated: false, low_volume: true, reason: 'no_requests' },
      { ...ranker, day: '2026-03-03', requests: null, cost_per_1k: null, usage_based_cost_per_1k: null, estimated: true, low_volume: false, reason: 'no_usage_data' },
    ]);
  });

  it('adds services up per day without --group-by, leaving out a service without usage data that day', async () => {
    const rows = await run('cost-per-1k', null);
    expect(rows.map((r) => [String(r['window_start']).slice(0, 10), r['allocation_based_cost'], r['requests'], r['cost_per_1k'], r['reason']])).toEqual([
      ['2026-03-01', '40.8', 120500, String(Math.round((1000 * 40.8 * 1e6) / 120500) / 1e6), null],
      ['2026-03-02', '40.8', 2000, '20.4', null],
      ['2026-03-03', '19.2', 2000, '9.6', null],
    ]);
  });

  it('marks a day that is not over yet as partial', async () => {
    const rows = await run('cost-per-1k', 'service', D0 + 2 * DAY + 12 * 3_600_000);
    expect(rows.filter((r) => r['partial'] === true).map((r) => `${String(r['service'])} ${String(r['window_start']).slice(0, 10)}`)).toEqual(['embedder 2026-03-03', 'ranker 2026-03-03']);
  });
});

describe('gpu-spend on the hand-computed scenario', () => {
  it('gives the cluster\'s cost, GPU-hours, price, idle cost and share', async () => {
    expect(await run('gpu-spend', 'cluster')).toEqual([
      {
        cluster: 'c1',
        cost: '115.2',
        currency: 'USD',
        gpu_hours: 144,
        cost_per_gpu_hour: '0.8',
        idle_gpu_hours: 54,
        idle_cost: '43.2',
        idle_share: 0.375,
        price_source: 'cost_data',
        estimated: true,
        partial: false,
        reason: null,
      },
    ]);
  });

  it('splits untagged GPU cost over the services holding the GPUs, idle episodes with them', async () => {
    const rows = await run('gpu-spend', 'service');
    expect(rows.map((r) => [r['service'], r['cost'], r['gpu_hours'], r['idle_gpu_hours'], r['idle_cost'], r['idle_share']])).toEqual([
      ['embedder', '57.6', 72, 36, '28.8', 0.5],
      ['ranker', '57.6', 72, 18, '14.4', 0.25],
    ]);
  });

  it('leaves credits out unless asked, and never mixes currencies', async () => {
    const writer = new StoreWriter(store.connection);
    const base = { x_estimated: false, BillingPeriodStart: D0, ChargePeriodStart: D0, ChargePeriodEnd: D0 + DAY, ProviderName: 'AWS', x_source: 'extra', x_ingest_run: 'extra', x_gpu_model: 'NVIDIA L4', x_instance_type: 'g6.xlarge', x_gpus_per_instance: 1, x_cluster: 'c2' };
    await writer.appendRows('cost_line', [
      { ...base, ChargeCategory: 'Credit', BilledCost: '-5', EffectiveCost: '-5', BillingCurrency: 'USD' },
      { ...base, ChargeCategory: 'Usage', BilledCost: '10', EffectiveCost: '10', BillingCurrency: 'USD' },
      { ...base, ChargeCategory: 'Usage', BilledCost: '9', EffectiveCost: '9', BillingCurrency: 'EUR', x_cluster: 'c3' },
    ]);
    try {
      const byCluster = async (options?: Record<string, string>): Promise<PlainRow[]> =>
        (await runKpi(registry, 'gpu-spend', { ...request('cluster'), ...(options ? { options } : {}) }, { gpuThresholds: DEFAULT_GPU_THRESHOLDS, cost: defaultCostSettings(AFTER) })).rows;
      expect((await byCluster()).find((r) => r['cluster'] === 'c2')?.['cost']).toBe('10');
      expect((await byCluster({ credits: 'include' })).find((r) => r['cluster'] === 'c2')?.['cost']).toBe('5');
      const overall = await run('gpu-spend', null);
      expect(overall).toMatchObject([{ cost: null, currency: null, reason: 'mixed_currencies' }]);
    } finally {
      await writer.execute("DELETE FROM cost_line WHERE x_source = 'extra'");
    }
  });
});
