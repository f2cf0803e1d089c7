import { describe, expect, it } from 'vitest';
import { GpuBatch } from './batch.ts';
import { GPU_SIGNALS } from './signals.ts';
import type { GpuUnitIdentity } from './unit.ts';

const gpu = (uuid: string): GpuUnitIdentity => ({ uuid, instance: '', profile: null, gpuIndex: 0, model: null, pciBusId: null, node: 'n1', cluster: 'c1' });

describe('GpuBatch readings per unit', () => {
  it('groups interleaved readings by unit in the order they came, with bad readings as NaN', () => {
    const batch = new GpuBatch('dcgm', true);
    const a = batch.unit(gpu('GPU-a'));
    const b = batch.unit(gpu('GPU-b'));
    batch.reading(a, 'power_w', 2_000, 300);
    batch.reading(b, 'power_w', 2_000, 100);
    batch.reading(a, 'power_w', 1_000, 250);
    batch.reading(b, 'dev_gpu_util', 2_000, 40);
    batch.reading(a, 'power_w', 3_000, 9.2e18); // a DCGM blank
    const readings = batch.unitReadings();
    expect(readings.of(a.index)).toEqual({ power_w: { ts: [2_000, 1_000, 3_000], values: [300, 250, Number.NaN] } });
    expect(readings.of(b.index)).toEqual({ power_w: { ts: [2_000], values: [100] }, dev_gpu_util: { ts: [2_000], values: [0.4] } });
    const spans: [number, number, number][] = [];
    readings.spans(a.index, (signal, lo, hi) => spans.push([signal, lo, hi]));
    readings.spans(b.index, (signal, lo, hi) => spans.push([signal, lo, hi]));
    const power = GPU_SIGNALS.indexOf('power_w');
    const util = GPU_SIGNALS.indexOf('dev_gpu_util');
    expect(spans).toEqual([
      [power, 1_000, 3_000],
      ...[
        [util, 2_000, 2_000],
        [power, 2_000, 2_000],
      ].sort((x, y) => (x[0] as number) - (y[0] as number)),
    ]);
  });
});
