/**
 * idle-gpus on a hand-made fleet: a few GPUs whose minutes are written through the store writer into an in-memory
 * store, one condition each (the 30-minute threshold, a missing minute, MIG, time-slicing, warm, partial, an
 * allocation starting mid-run, an ongoing episode, the price).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../collector/engine.ts';
import { DEFAULT_CONFIG } from '../collector/config/schema.ts';
import { StoreWriter } from '../collector/store/writer.ts';
import type { KpiResult, PlainRow } from './contract.ts';

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

  it('prices GPU-hours from gpu_price as of the episode', () => {
    const [row] = rowsOf('GPU-b-30');
    expect(row).toMatchObject({ cost: '1', currency: 'USD' });
    expect(evidenceOf(row)['price']).toEqual({ source: 'gpu_price', as_of: '2026-01-01', per_gpu_hour: 2 });
    expect(Number(rowsOf('GPU-d-mig')[0]?.['cost'])).toBeCloseTo((3 / 7) * 2, 5);
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
    const config = { ...DEFAULT_CONFIG, gpu: { thresholds: { ...DEFAULT_CONFIG.gpu.thresholds, min_idle_minutes: 29 } } };
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
