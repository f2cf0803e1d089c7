/**
 * idle-gpus on a hand-made fleet: a few GPUs whose minutes are written through the store writer into an in-memory
 * store, one condition each (the 30-minute threshold, a missing minute, MIG, time-slicing, warm, partial, an
 * allocation starting mid-run, an ongoing episode, the price).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG } from '../collector/config/defaults.ts';
import { StoreWriter } from '../collector/store/writer.ts';
import type { KpiResult, PlainRow } from './contract.ts';
import { idleGpus } from './kpi/idle-gpus.ts';
import { DEFAULT_GPU_THRESHOLDS } from './kpi/definition.ts';
import { defaultCostSettings } from './kpi/cost-settings.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const MODEL = 'Pulse Test GPU';

type Step = ['busy' | 'idle' | 'gap', number, number?];

interface Series {
  uuid: string;
  instance?: string;
  /** Minutes after T0 where the series begins. */
  at?: number;
  /** Runs of [state, minutes, memory MiB]. */
  steps: Step[];
}

const SERIES: Series[] = [
  { uuid: 'GPU-a-29', steps: [['busy', 10], ['idle', 29], ['busy', 10]] },
  { uuid: 'GPU-b-30', steps: [['busy', 10], ['idle', 30], ['busy', 10]] },
  { uuid: 'GPU-c-gap', steps: [['busy', 10], ['idle', 40], ['gap', 1], ['idle', 40], ['busy', 10]] },
  { uuid: 'GPU-d-mig', instance: '1', steps: [['busy', 10], ['idle', 60, 300], ['busy', 10]] },
  { uuid: 'GPU-d-mig', instance: '2', steps: [['busy', 80]] },
  { uuid: 'GPU-e-sliced', steps: [['busy', 10], ['idle', 60, 500], ['busy', 10]] },
  // Warm: a loaded model (30 GB) through the idle hour; one minute's dip does not move the median.
  { uuid: 'GPU-f-warm', steps: [['busy', 10], ['idle', 20, 30_000], ['idle', 1, 100], ['idle', 24, 30_000], ['busy', 10]] },
  { uuid: 'GPU-g-ddp', steps: [['busy', 10], ['idle', 60, 2_000], ['busy', 10]] },
  { uuid: 'GPU-h-ddp', steps: [['busy', 80]] },
  // A pod takes the GPU 40 minutes into a 90-minute idle run.
  { uuid: 'GPU-j-late', steps: [['busy', 10], ['idle', 90], ['busy', 10]] },
  // Idle up to the newest minute of the fleet: ongoing.
  { uuid: 'GPU-k-now', steps: [['busy', 100], ['idle', 40]] },
];

const ALLOCATIONS = [
  { uuid: 'GPU-d-mig', instance: '1', namespace: 'notebooks', pod: 'nb-0', podGpus: 1, share: 1, start: 0, end: null },
  { uuid: 'GPU-e-sliced', instance: '', namespace: 'serving', pod: 'slice-a', podGpus: 1, share: 0.5, start: 0, end: null },
  { uuid: 'GPU-e-sliced', instance: '', namespace: 'serving', pod: 'slice-b', podGpus: 1, share: 0.5, start: 0, end: null },
  { uuid: 'GPU-f-warm', instance: '', namespace: 'serving', pod: 'server-0', podGpus: 1, share: 1, start: 0, end: null },
  { uuid: 'GPU-g-ddp', instance: '', namespace: 'training', pod: 'ddp-0', podGpus: 2, share: 1, start: 0, end: 200 },
  { uuid: 'GPU-h-ddp', instance: '', namespace: 'training', pod: 'ddp-0', podGpus: 2, share: 1, start: 0, end: 200 },
  { uuid: 'GPU-j-late', instance: '', namespace: 'notebooks', pod: 'late-0', podGpus: 1, share: 1, start: 50, end: null },
];

async function writeFleet(writer: StoreWriter): Promise<void> {
  await writer.appendRows('gpu_models', [{ model: MODEL, memory_mib: 40_000, power_limit_w: 400, idle_power_w: 50, source: 'test' }]);
  const uuids = [...new Set(SERIES.map((s) => s.uuid))];
  await writer.appendRows(
    'gpus',
    uuids.map((uuid, i) => ({
      gpu_uuid: uuid, cluster: 'c1', node: `n${Math.floor(i / 4)}`, gpu_index: i % 4, model: MODEL, memory_mib: 40_000, power_limit_w: 400,
      pci_bus_id: null, first_seen: T0, retired_at: null,
    })),
  );
  await writer.appendRows('gpu_instances', [
    { gpu_uuid: 'GPU-d-mig', gpu_instance: '1', profile: '3g.20gb', share: 3 / 7, memory_mib: 20_000 },
    { gpu_uuid: 'GPU-d-mig', gpu_instance: '2', profile: '4g.20gb', share: 4 / 7, memory_mib: 20_000 },
  ]);
  await writer.appendRows(
    'gpu_allocations',
    ALLOCATIONS.map((a) => ({
      gpu_uuid: a.uuid, gpu_instance: a.instance, namespace: a.namespace, pod: a.pod, container: 'main', pod_gpus: a.podGpus, share: a.share,
      start_at: T0 + a.start * MIN, end_at: a.end === null ? null : T0 + a.end * MIN, source: 'test',
    })),
  );
  await writer.appendRows('ownership_rules', [
    { priority: 1, match_kind: 'namespace', match_key: '', match_value: 'notebooks', team: 'ml', service: null },
    { priority: 2, match_kind: 'namespace', match_key: '', match_value: 'serving', team: 'search', service: null },
  ]);
  // 8 GPUs per instance at 16 USD: 2 USD per GPU-hour as of January; the June price is not in force yet.
  await writer.appendRows('gpu_price', [
    { provider: 'test', instance_type: 't.8x', region: 'r1', gpu_model: MODEL, gpus_per_instance: 8, price_per_hour: '16', currency: 'USD', as_of: '2026-01-01', source: 'test' },
    { provider: 'test', instance_type: 't.8x', region: 'r1', gpu_model: MODEL, gpus_per_instance: 8, price_per_hour: '32', currency: 'USD', as_of: '2026-06-01', source: 'test' },
  ]);
  const rows: Record<string, unknown>[] = [];
  for (const s of SERIES) {
    let m = s.at ?? 0;
    for (const [state, minutes, mem] of s.steps) {
      for (let k = 0; k < minutes; k++, m++) {
        if (state === 'gap') continue;
        const busy = state === 'busy';
        rows.push({
          gpu_uuid: s.uuid, gpu_instance: s.instance ?? '', minute: T0 + m * MIN, activity: busy ? 0.8 : 0.01, activity_source: 'prof_gr_engine',
          prof_activity: busy ? 0.8 : 0.01, gpu_util: busy ? 0.9 : 0.01, sm_active: busy ? 0.6 : 0.005, dram_active: busy ? 0.3 : 0.01,
          mem_used_mib: mem ?? (busy ? 20_000 : 0), power_w: s.instance ? null : busy ? 300 : 55, energy_j: null, samples: 4, bad_samples: 0, source: 'test',
        });
      }
    }
  }
  await writer.appendRows('gpu_minute', rows);
}

describe('idle-gpus on a hand-made fleet', () => {
  let engine: Engine;
  let result: KpiResult;
  const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();
  const rowsOf = (uuid: string): PlainRow[] => result.rows.filter((r) => r['gpu_uuid'] === uuid);
  const evidenceOf = (row: PlainRow | undefined): Record<string, unknown> => (row?.['evidence'] ?? {}) as Record<string, unknown>;

  beforeAll(async () => {
    engine = await Engine.open(':memory:', DEFAULT_CONFIG);
    const writer = new StoreWriter(engine.store.connection);
    await writer.transaction(() => writeFleet(writer));
    result = await engine.kpi('idle-gpus', { from: at(0), to: at(24 * 60), tz: 'UTC', groupBy: null });
  });
  afterAll(() => engine.close());

  it('needs 30 consecutive idle minutes', () => {
    expect(rowsOf('GPU-a-29')).toEqual([]);
    expect(rowsOf('GPU-b-30')).toMatchObject([{ class: 'unallocated', start: at(10), end: at(40), idle_minutes: 30, gpu_hours: 0.5, pod: null, team: null }]);
  });

  it('ends an episode at a missing minute', () => {
    const rows = rowsOf('GPU-c-gap');
    expect(rows.map((r) => [r['start'], r['end'], r['idle_minutes']])).toEqual([
      [at(10), at(50), 40],
      [at(51), at(91), 40],
    ]);
    expect(evidenceOf(rows[0])['ended_by']).toBe('no_telemetry');
    expect(evidenceOf(rows[1])['started_after']).toBe('no_telemetry');
    expect(evidenceOf(rows[1])['ended_by']).toBe('busy');
  });

  it('weighs a MIG instance by its slice', () => {
    const [row, ...rest] = rowsOf('GPU-d-mig');
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ gpu_instance: '1', class: 'allocated', namespace: 'notebooks', pod: 'nb-0', team: 'ml', idle_minutes: 60 });
    expect(row?.['gpu_hours'] as number).toBeCloseTo(3 / 7, 4);
    expect(evidenceOf(row)).toMatchObject({ mig_profile: '3g.20gb', power_present: false, mem_used_mib_median: 300 });
  });

  it('gives each pod of a time-sliced GPU its share', () => {
    const rows = rowsOf('GPU-e-sliced');
    expect(rows.map((r) => [r['pod'], r['class'], r['gpu_hours']])).toEqual([
      ['slice-a', 'allocated', 0.5],
      ['slice-b', 'allocated', 0.5],
    ]);
    expect(evidenceOf(rows[0])['time_slicing_share']).toBe(0.5);
  });

  it('calls a pod holding memory through its idle time warm, by the median', () => {
    const [row] = rowsOf('GPU-f-warm');
    expect(row).toMatchObject({ class: 'warm', idle_minutes: 45, pod: 'server-0' });
    expect(evidenceOf(row)).toMatchObject({ mem_used_mib_median: 30_000, mem_used_mib_max: 30_000 });
  });

  it('calls an idle GPU of a multi-GPU pod whose other GPU works partial', () => {
    const [row] = rowsOf('GPU-g-ddp');
    expect(row).toMatchObject({ class: 'partial', pod: 'ddp-0', idle_minutes: 60 });
    expect(evidenceOf(row)).toMatchObject({ pod_gpus: 2, pod_busy_gpus: 1 });
    expect(rowsOf('GPU-h-ddp')).toEqual([]);
  });

  it('splits an idle run where a pod takes the GPU', () => {
    const rows = rowsOf('GPU-j-late');
    expect(rows.map((r) => [r['class'], r['pod'], r['start'], r['end']])).toEqual([
      ['unallocated', null, at(10), at(50)],
      ['allocated', 'late-0', at(50), at(100)],
    ]);
    expect(evidenceOf(rows[0])['ended_by']).toBe('allocation');
    expect(evidenceOf(rows[1])['started_after']).toBe('allocation');
  });

  it('leaves the end of an episode open while it lasts up to the newest telemetry', () => {
    const [row] = rowsOf('GPU-k-now');
    expect(row).toMatchObject({ class: 'unallocated', start: at(100), end: null, idle_minutes: 40 });
    expect(result.notes).toContain('1 episodes are still ongoing (end null): idle up to the newest telemetry');
  });

  it('prices GPU-hours from the price list in force in the window when no cost data covers it', () => {
    const [row] = rowsOf('GPU-b-30');
    expect(row).toMatchObject({ cost: '1', currency: 'USD' });
    // The June price is not in force yet in March.
    expect(evidenceOf(row)['price']).toEqual({ source: 'gpu_price:t.8x@2026-01-01', as_of: '2026-01-01', per_gpu_hour: 2, currency: 'USD', estimated: false });
    expect(Number(rowsOf('GPU-d-mig')[0]?.['cost'])).toBeCloseTo((3 / 7) * 2, 5);
    expect(result.notes).toContain('cost: GPU-hours × the GPU-hour price of the cluster and model over the window, as gpu-spend prices idle time (from gpu_price)');
  });

  it('takes the size with the most GPUs from the price list, the cost data before it, and prices idle time as gpu-spend does', async () => {
    const writer = new StoreWriter(engine.store.connection);
    const window = { from: at(0), to: at(24 * 60), tz: 'UTC', groupBy: null };
    // A one-GPU size at 3 USD per GPU-hour: the eight-GPU size (2 USD) still sets the price.
    await writer.appendRows('gpu_price', [
      { provider: 'test', instance_type: 't.1x', region: 'r1', gpu_model: MODEL, gpus_per_instance: 1, price_per_hour: '3', currency: 'USD', as_of: '2026-01-01', source: 'extra' },
    ]);
    try {
      expect((await engine.kpi('idle-gpus', window)).rows.find((r) => r['gpu_uuid'] === 'GPU-b-30')).toMatchObject({ cost: '1' });
      // A pulse.yaml price of the type, in any region, comes before the table: 8 EUR an instance-hour, 1 EUR a GPU-hour.
      const cost = { ...defaultCostSettings(), prices: [{ instance_type: 't.8x', region: '*', gpu_model: MODEL, gpus: 8, price_per_hour: '8', currency: 'EUR' }] };
      const overridden = await engine.query('idle-gpus', idleGpus.params(window, { gpuThresholds: DEFAULT_GPU_THRESHOLDS, cost }));
      const b = overridden.find((r) => r['gpu_uuid'] === 'GPU-b-30');
      expect(b).toMatchObject({ cost: '0.5', currency: 'EUR' });
      expect(evidenceOf(b)['price']).toEqual({ source: 'config:t.8x', as_of: null, per_gpu_hour: 1, currency: 'EUR', estimated: false });
      // Two instances of 8 GPUs billed 24 hours each for 192 USD in all: 0.50 USD per GPU-hour, provisional.
      await writer.appendRows('cost_line', ['i-1', 'i-2'].map((id) => ({
        BillingPeriodStart: T0, BillingPeriodEnd: T0 + 31 * 24 * 60 * MIN, ChargePeriodStart: T0, ChargePeriodEnd: T0 + 24 * 60 * MIN,
        ChargeCategory: 'Usage', BillingCurrency: 'USD', ProviderName: 'test', BilledCost: '96', EffectiveCost: '96', PricingQuantity: '24',
        PricingUnit: 'Hours', ResourceId: id, x_instance_type: 't.8x', x_gpu_model: MODEL, x_gpus_per_instance: 8, x_cluster: 'c1',
        x_estimated: true, x_source: 'extra', x_ingest_run: 'extra',
      })));
      const priced = await engine.kpi('idle-gpus', window);
      const b30 = priced.rows.find((r) => r['gpu_uuid'] === 'GPU-b-30');
      expect(b30).toMatchObject({ cost: '0.25', currency: 'USD' });
      expect(evidenceOf(b30)['price']).toEqual({ source: 'cost_data', as_of: null, per_gpu_hour: 0.5, currency: 'USD', estimated: true });
      // gpu-spend counts the same episodes (all inside the window) at the same price: b 30 min, c 2 × 40 min, the MIG
      // slice 60 min × 3/7, two time-sliced pods 60 min × 0.5 each, warm 45 min, ddp 60 min, late 40 + 50 min, now 40 min.
      const idleHours = 0.5 + 80 / 60 + 3 / 7 + 1 + 0.75 + 1 + 1.5 + 40 / 60;
      expect(priced.rows.reduce((sum, r) => sum + (r['gpu_hours'] as number), 0)).toBeCloseTo(idleHours, 3);
      const spend = await engine.kpi('gpu-spend', { ...window, groupBy: 'cluster' });
      expect(spend.rows).toHaveLength(1);
      expect(spend.rows[0]).toMatchObject({ cluster: 'c1', cost: '192', gpu_hours: 384, price_source: 'cost_data', estimated: true, reason: null });
      expect(spend.rows[0]?.['idle_gpu_hours'] as number).toBeCloseTo(idleHours, 4);
      expect(Number(spend.rows[0]?.['idle_cost'])).toBeCloseTo(idleHours * 0.5, 5);
    } finally {
      await writer.execute("DELETE FROM cost_line WHERE x_source = 'extra'");
      await writer.execute("DELETE FROM gpu_price WHERE source = 'extra'");
    }
  });

  it('reports an episode whole when the window cuts it, and counts it once', async () => {
    const cut = await engine.kpi('idle-gpus', { from: at(30), to: at(35), tz: 'UTC', groupBy: null });
    const row = cut.rows.find((r) => r['gpu_uuid'] === 'GPU-j-late');
    expect(row).toMatchObject({ start: at(10), end: at(50), idle_minutes: 40 });
    expect(cut.notes.some((n) => n.startsWith('episodes are reported whole'))).toBe(true);
    const none = await engine.kpi('idle-gpus', { from: at(2000), to: at(2100), tz: 'UTC', groupBy: null });
    expect(none.rows).toEqual([]);
    expect(none.notes).toEqual(['no idle episodes overlap the window']);
  });

  it('echoes min_minutes and applies it', async () => {
    expect(result.params).toMatchObject({ min_minutes: 30, warm_memory_mib: 1024, warm_memory_share: 0.1 });
    const config = { ...DEFAULT_CONFIG, gpu: { ...DEFAULT_CONFIG.gpu, thresholds: { ...DEFAULT_CONFIG.gpu.thresholds, min_idle_minutes: 29 } } };
    const loose = await Engine.open(':memory:', config);
    try {
      const writer = new StoreWriter(loose.store.connection);
      await writer.transaction(() => writeFleet(writer));
      const looser = await loose.kpi('idle-gpus', { from: at(0), to: at(24 * 60), tz: 'UTC', groupBy: null });
      expect(looser.params['min_minutes']).toBe(29);
      expect(looser.rows.filter((r) => r['gpu_uuid'] === 'GPU-a-29')).toHaveLength(1);
    } finally {
      loose.close();
    }
  });
});
