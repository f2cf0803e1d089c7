import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GpuBatch } from '../../gpu/batch.ts';
import { rollupUnit } from '../../gpu/rollup.ts';
import { GPU_FIXTURES } from '../nvidia-smi/test-fixtures.ts';
import { labelView, parseExpositionText } from '../prometheus/exposition.ts';
import { DCGM_FIELDS } from './fields.ts';
import { DcgmReader } from './reader.ts';

const AT = Date.parse('2026-03-02T10:00:30Z');

function read(path: string): { batch: GpuBatch; reader: DcgmReader; other: string[] } {
  const batch = new GpuBatch('dcgm', true);
  const reader = new DcgmReader(batch, { defaultCluster: 'lab' });
  const other: string[] = [];
  const text = readFileSync(join(GPU_FIXTURES, path), 'utf8');
  for (const s of parseExpositionText(text, { format: 'prometheus', strict: false }).samples) if (!reader.add(s.name, labelView(s.labels), s.timestampMs ?? AT, s.value)) other.push(s.name);
  return { batch, reader, other };
}

describe('DcgmReader on real scrapes', () => {
  it('maps the GPU Operator scrape of an idle L4 (fixtures/gpu/dcgm/k8s-ai-conformance)', () => {
    const { batch, reader, other } = read('dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt');
    expect(other).toEqual([]);
    expect(reader.counts).toEqual({ readings: 10, unidentified: 0, ignored: 13 });
    const unit = [...batch.units.values()][0];
    expect(unit?.identity).toMatchObject({ model: 'NVIDIA L4', node: 'i-030791dc5a37cd257', cluster: 'lab' });
    expect(unit?.facts).toMatchObject({ fbUsed: 0, fbFree: 22563, fbReserved: 470 });
    const [minute] = rollupUnit(batch.unitReadings().of(0), { lookbackMs: 30_000, powerApplies: true });
    expect(minute).toMatchObject({ activity: 0, activitySource: 'prof_gr_engine', gpuUtil: 0, powerW: 16.365, memUsedMib: 0, samples: 1, badSamples: 0 });
  });

  it('maps both label styles of the DataDog fixture, with pod labels, and skips placeholders without a UUID', () => {
    const { batch, reader } = read('dcgm/datadog/dcgm-exporter-scrape.metrics.txt');
    expect(reader.counts.unidentified).toBe(2);
    const a10g = [...batch.units.values()].find((u) => u.identity.uuid === 'GPU-abc');
    expect([...(a10g?.pods.values() ?? [])].map((p) => p.pod)).toEqual([{ namespace: 'ray-llm', pod: 'ray-1111111', container: 'ray-worker' }]);
  });

  it('counts a sentinel as a bad reading instead of a value', () => {
    const batch = new GpuBatch('dcgm', true);
    const reader = new DcgmReader(batch, { defaultCluster: 'lab' });
    reader.add('DCGM_FI_PROF_GR_ENGINE_ACTIVE', labelView({ UUID: 'GPU-1' }), AT, 140737488355328.0);
    reader.add('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', labelView({ UUID: 'GPU-1' }), AT, Number('9223372036854775794'));
    reader.add('DCGM_FI_DEV_XID_ERRORS', labelView({ UUID: 'GPU-1' }), AT, 79);
    expect(batch.badReadings).toBe(2);
    expect(batch.raw.value).toEqual([null, null]);
    expect(reader.counts.ignored).toBe(1);
  });

  it('knows the 1.x compatibility names (fixtures/gpu/dcgm/dcgm-exporter-counters/1.x-compatibility-metrics.csv)', () => {
    const csv = readFileSync(join(GPU_FIXTURES, 'dcgm/dcgm-exporter-counters/1.x-compatibility-metrics.csv'), 'utf8');
    const names = csv.split('\n').filter((l) => /^dcgm_/.test(l)).map((l) => l.split(',')[0]?.trim() ?? '');
    for (const name of ['dcgm_gpu_utilization', 'dcgm_fb_used', 'dcgm_power_usage', 'dcgm_total_energy_consumption', 'dcgm_fi_prof_gr_engine_active', 'dcgm_fi_prof_dram_active']) {
      expect(names).toContain(name);
      expect(DCGM_FIELDS.has(name)).toBe(true);
    }
  });
});
