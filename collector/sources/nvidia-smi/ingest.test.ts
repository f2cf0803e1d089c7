import { describe, expect, it } from 'vitest';
import { GpuBatch } from '../../gpu/batch.ts';
import { rollupUnit } from '../../gpu/rollup.ts';
import { addReadings, detectNvidiaSmiFormat, nvidiaSmiReadings } from './ingest.ts';
import { listGpuFixtures, queryGpuBlocks, readGpuFixture } from './test-fixtures.ts';

const AT = Date.parse('2026-03-02T10:00:00Z');
const options = { timeZone: 'UTC', atMs: AT, node: 'host-1', cluster: 'lab' };

function batchOf(text: string, fields?: string[]): GpuBatch {
  const batch = new GpuBatch('nvidia-smi', false);
  addReadings(batch, nvidiaSmiReadings(text, { timeZone: 'UTC', ...(fields === undefined ? {} : { fields }) }).readings, options);
  return batch;
}

describe('nvidia-smi into GPU readings', () => {
  it('detects XML and CSV output', () => {
    expect(detectNvidiaSmiFormat('\uFEFF<?xml version="1.0" ?>\n<nvidia_smi_log>')).toBe('xml');
    expect(detectNvidiaSmiFormat('timestamp, uuid, utilization.gpu [%]\n')).toBe('csv');
  });

  it.each(listGpuFixtures('nvidia-smi-xml'))('reads every GPU of %s', (path) => {
    const batch = batchOf(readGpuFixture(path));
    expect(batch.units.size).toBeGreaterThan(0);
    for (const unit of batch.units.values()) expect(unit.identity).toMatchObject({ node: 'host-1', cluster: 'lab' });
    expect(batch.badReadings).toBe(0);
  });

  it('splits a MIG GPU into its GPU instances, with power on the parent only (a100-sxm4-v12.xml)', () => {
    const batch = batchOf(readGpuFixture('nvidia-smi-xml/telegraf/a100-sxm4-v12.xml'));
    const units = [...batch.units.values()];
    expect(units.map((u) => u.identity.instance)).toEqual(['', '3', '4', '5', '6']);
    const readings = batch.unitReadings();
    expect(readings.of(0).power_w?.values.length).toBe(1);
    expect(readings.of(1).power_w).toBeUndefined();
    expect(readings.of(1).fb_used_mib?.values.length).toBe(1);
  });

  it('rolls up --query-gpu captures of a GPU under load as busy nvidia-smi activity', () => {
    for (const path of listGpuFixtures('nvidia-smi-captures').filter((p) => /h100-80gb|h200__/.test(p))) {
      const block = queryGpuBlocks(readGpuFixture(path)).find((b) => b.state === 'load');
      expect(block, path).toBeDefined();
      const batch = batchOf(block?.csv ?? '', block?.fields);
      const [minute] = rollupUnit(batch.unitReadings().of(0), { lookbackMs: 30_000, powerApplies: true });
      expect(minute).toMatchObject({ activity: 1, activitySource: 'smi_util', gpuUtil: 1 });
      expect(minute?.powerW).toBeGreaterThan(500);
    }
  });

  it('takes readings without a time at the given instant', () => {
    const batch = batchOf(readGpuFixture('nvidia-smi-captures/query-gpu.2gpus.csv.txt'));
    const readings = batch.unitReadings();
    expect([0, 1].map((index) => readings.of(index).fb_used_mib?.ts)).toEqual([[AT], [AT]]);
  });
});
