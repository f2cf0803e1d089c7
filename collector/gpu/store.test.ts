import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db.ts';
import { openStore } from '../store/db.ts';
import { StoreWriter } from '../store/writer.ts';
import { GpuBatch } from './batch.ts';
import { GPU_SIGNALS } from './signals.ts';
import type { GpuWriteOptions } from './store.ts';
import { writeGpuBatch } from './store.ts';
import type { GpuUnitIdentity, PodRef } from './unit.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const OPTIONS: GpuWriteOptions = { lookbackMs: 30_000, timeSlicingReplicas: null, rawRetentionMs: null };
const GPU: GpuUnitIdentity = { uuid: 'GPU-1', instance: '', profile: null, gpuIndex: 0, model: 'NVIDIA H100 80GB HBM3', pciBusId: null, node: 'n1', cluster: 'c1' };
const POD: PodRef = { namespace: 'ml', pod: 'train-0', container: 'trainer' };

/** Scrapes k in [from, to): every 15 s, energy growing 7.5 kJ per scrape. */
function scrapes(from: number, to: number): GpuBatch {
  const batch = new GpuBatch('dcgm', true);
  const unit = batch.unit(GPU);
  for (let k = from; k < to; k++) {
    const ts = T0 + k * 15_000;
    batch.reading(unit, 'prof_gr_engine', ts, (k % 4) / 10);
    batch.reading(unit, 'power_w', ts, 400 + k);
    batch.reading(unit, 'energy_mj', ts, 1e9 + k * 7_500_000);
    batch.observePod(unit, ts, POD);
  }
  return batch;
}

async function all(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return (await store.connection.runAndReadAll(sql)).getRowObjectsJS();
}

describe('writeGpuBatch', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  async function write(target: Store, batch: GpuBatch): Promise<void> {
    const writer = new StoreWriter(target.connection);
    await writer.transaction(() => writeGpuBatch(target.connection, writer, batch, OPTIONS));
  }

  it('gives the same minutes and one open allocation whether scrapes arrive one by one or at once', async () => {
    for (let k = 0; k < 12; k++) await write(store, scrapes(k, k + 1));
    const once = await openStore(':memory:');
    try {
      await write(once, scrapes(0, 12));
      const minutes = 'SELECT * FROM gpu_minute ORDER BY minute';
      expect(await all(store, minutes)).toEqual(await all(once, minutes));
      expect((await all(store, minutes)).map((r) => r['energy_j'])).toEqual([null, 30_000, 30_000]);
      expect(await all(store, 'SELECT pod, start_at, end_at FROM gpu_allocations')).toEqual([{ pod: 'train-0', start_at: new Date(T0), end_at: null }]);
      expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_samples')).toEqual([{ n: 36 }]);
    } finally {
      once.close();
    }
  });

  it('replaces what it wrote before when the same readings come again', async () => {
    await write(store, scrapes(0, 8));
    await write(store, scrapes(0, 8));
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_samples')).toEqual([{ n: 24 }]);
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_minute')).toEqual([{ n: 2 }]);
    expect(await all(store, 'SELECT model, power_limit_w, memory_mib FROM gpus')).toEqual([{ model: 'NVIDIA H100 80GB HBM3', power_limit_w: 700, memory_mib: 81559 }]);
  });

  it('numbers the signals in gpu_samples as GPU_SIGNALS orders them, and each unit once', async () => {
    expect((await all(store, 'SELECT metric FROM gpu_signals ORDER BY signal')).map((r) => r['metric'])).toEqual(GPU_SIGNALS);
    await write(store, scrapes(0, 4));
    await write(store, scrapes(4, 8));
    expect(await all(store, 'SELECT gpu_uuid, gpu_instance FROM gpu_units')).toEqual([{ gpu_uuid: 'GPU-1', gpu_instance: '' }]);
    expect(await all(store, "SELECT count(*)::INTEGER AS n FROM gpu_sample_rows WHERE gpu_uuid = 'GPU-1' AND metric = 'energy_mj'")).toEqual([{ n: 8 }]);
  });

  it('deletes raw readings past their retention', async () => {
    await write(store, scrapes(0, 4));
    const writer = new StoreWriter(store.connection);
    await writer.transaction(() => writeGpuBatch(store.connection, writer, scrapes(400, 404), { ...OPTIONS, rawRetentionMs: 3_600_000 }));
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_samples')).toEqual([{ n: 12 }]);
    expect(await all(store, 'SELECT count(*)::INTEGER AS n FROM gpu_minute')).toEqual([{ n: 2 }]);
  });

  it('replaces each signal only over the span the batch has of it', async () => {
    await write(store, scrapes(0, 8));
    // A later batch with power over scrapes 2..5 only, and the activity signal over 4..5: the rest stays.
    const batch = new GpuBatch('dcgm', true);
    const unit = batch.unit(GPU);
    for (let k = 2; k < 6; k++) batch.reading(unit, 'power_w', T0 + k * 15_000, 900);
    for (let k = 4; k < 6; k++) batch.reading(unit, 'prof_gr_engine', T0 + k * 15_000, 0.9);
    await write(store, batch);
    const readings = await all(store, "SELECT metric, count(*)::INTEGER AS n, count(*) FILTER (WHERE value IN (900, 0.9))::INTEGER AS replaced FROM gpu_sample_rows GROUP BY metric ORDER BY metric");
    expect(readings).toEqual([
      { metric: 'energy_mj', n: 8, replaced: 0 },
      { metric: 'power_w', n: 8, replaced: 4 },
      { metric: 'prof_gr_engine', n: 8, replaced: 2 },
    ]);
  });
});
