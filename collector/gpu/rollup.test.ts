import { describe, expect, it } from 'vitest';
import type { UnitReadings } from './rollup.ts';
import { assembleMinute, rollupUnit } from './rollup.ts';
import { isValidReading, normalizeReading, SIGNAL_SPECS } from './signals.ts';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minute: number, second = 0): number => T0 + minute * M + second * 1000;
const series = (points: [number, number][]): { ts: number[]; values: number[] } => ({ ts: points.map((p) => p[0]), values: points.map((p) => p[1]) });
const whole = { lookbackMs: 30_000, powerApplies: true };

describe('signal ranges', () => {
  it('drops DCGM blanks, NaN, infinities and impossible values, never turning them into zero', () => {
    expect(isValidReading(SIGNAL_SPECS.energy_mj, Number('9223372036854775794'))).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.prof_gr_engine, 140737488355328.0)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.dev_gpu_util, 2147483632)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.fb_used_mib, 2147483632)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.power_w, Number.NaN)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.power_w, Number.POSITIVE_INFINITY)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.dram_active, -0.2)).toBe(false);
    expect(isValidReading(SIGNAL_SPECS.energy_mj, 4742776)).toBe(true);
    expect(normalizeReading(SIGNAL_SPECS.dev_gpu_util, 37)).toBe(0.37);
    expect(normalizeReading(SIGNAL_SPECS.dev_gpu_util, 101)).toBeNaN();
  });
});

describe('rollupUnit', () => {
  it('takes the max of activity signals and the mean of SM activity and power per minute', () => {
    const readings: UnitReadings = {
      prof_gr_engine: series([
        [at(0, 0), 0.2],
        [at(0, 15), 0.9],
        [at(0, 30), 0.1],
        [at(0, 45), 0.3],
      ]),
      sm_active: series([
        [at(0, 0), 0.1],
        [at(0, 30), 0.2],
      ]),
      power_w: series([
        [at(0, 0), 100],
        [at(0, 15), 200],
        [at(0, 30), 300],
      ]),
      dev_gpu_util: series([[at(0, 5), 0.93]]),
    };
    const [row] = rollupUnit(readings, whole);
    expect(row).toMatchObject({ minute: at(0), activity: 0.9, activitySource: 'prof_gr_engine', profActivity: 0.9, gpuUtil: 0.93, smActive: 0.15, powerW: 200, samples: 4, badSamples: 0 });
  });

  it('falls back to DCGM GPU_UTIL, then nvidia-smi utilization, and maxes with the encoder and decoder', () => {
    const util = rollupUnit({ dev_gpu_util: series([[at(0), 0.2]]), enc_util: series([[at(0), 0.6]]) }, whole)[0];
    expect(util).toMatchObject({ activity: 0.6, activitySource: 'dev_gpu_util', profActivity: null, gpuUtil: 0.2 });
    const smi = rollupUnit({ smi_util: series([[at(0), 0.4]]) }, whole)[0];
    expect(smi).toMatchObject({ activity: 0.4, activitySource: 'smi_util', gpuUtil: 0.4 });
    // Encoder alone is no activity signal: the minute stays unobserved for activity.
    expect(rollupUnit({ enc_util: series([[at(0), 0.6]]) }, whole)[0]).toMatchObject({ activity: null, activitySource: null });
  });

  it('counts bad readings, ignores them in values, and counts a duplicated timestamp once', () => {
    const [row] = rollupUnit(
      {
        prof_gr_engine: series([
          [at(0, 0), 0.4],
          [at(0, 15), Number.NaN],
          [at(0, 30), 0.5],
          [at(0, 30), 0.5],
        ]),
        power_w: series([[at(0, 45), Number.NaN]]),
      },
      whole,
    );
    expect(row).toMatchObject({ activity: 0.5, samples: 2, badSamples: 2, powerW: null });
  });

  it('applies the gap rule: an empty minute is unobserved unless the interval is over 30 s and the last reading is recent', () => {
    const sparse = { prof_gr_engine: series([[at(0, 50), 0.7], [at(2, 10), 0.8]]) };
    expect(rollupUnit(sparse, whole).map((r) => r.minute)).toEqual([at(0), at(2)]);
    // A 60 s interval: readings up to 120 s old at a minute's end still count (carried, no samples of its own).
    const carried = rollupUnit(sparse, { lookbackMs: 120_000, powerApplies: true });
    expect(carried.map((r) => [r.minute, r.activity, r.samples])).toEqual([
      [at(0), 0.7, 1],
      [at(1), 0.7, 0],
      [at(2), 0.8, 1],
      [at(3), 0.8, 0],
    ]);
  });

  it('rolls up the energy counter increase from the reading before the minute, across a reset', () => {
    const energy = series([
      [at(0, 45), 1_000_000],
      [at(1, 0), 1_030_000],
      [at(1, 30), 1_060_000],
      [at(2, 0), 1_090_000],
      [at(2, 15), 5_000],
      [at(2, 30), 20_000],
    ]);
    const rows = rollupUnit({ energy_mj: energy, power_w: series([[at(0, 45), 1]]) }, whole);
    expect(rows.map((r) => [r.minute, r.energyJ])).toEqual([
      [at(0), null],
      [at(1), 60],
      [at(2), 30 + 5 + 15],
    ]);
  });

  it('leaves power and energy out of MIG instance rows', () => {
    const [row] = rollupUnit({ prof_gr_engine: series([[at(0), 0.3]]), power_w: series([[at(0), 300]]) }, { lookbackMs: 30_000, powerApplies: false });
    expect(row).toMatchObject({ activity: 0.3, powerW: null, energyJ: null });
  });

  it('returns only minutes of the requested window and sorts readings that arrive out of order', () => {
    const readings = { prof_gr_engine: series([[at(3), 0.3], [at(1), 0.1], [at(2), 0.2]]) };
    expect(rollupUnit(readings, { ...whole, fromMs: at(2), toMs: at(3) }).map((r) => r.activity)).toEqual([0.2]);
  });

  it('means are Kahan–Neumaier sums divided by the count, rounded to 1e-6', () => {
    const [row] = rollupUnit({ sm_active: series([[at(0, 0), 0.1], [at(0, 15), 0.2], [at(0, 30), 0.3]]) }, whole);
    expect(row?.smActive).toBe(0.2);
  });
});

describe('assembleMinute', () => {
  it('builds a row from signal values computed elsewhere', () => {
    const none = { value: null, valid: 0, bad: 0 };
    const row = assembleMinute(
      at(5),
      { prof: { value: 0, valid: 4, bad: 0 }, util: { value: 0.9, valid: 4, bad: 0 }, smi: none, enc: 0, dec: 0, sm: 0, dram: 0, mem: 100, power: 500, energyJ: 30_000, bad: 0 },
      true,
    );
    expect(row).toMatchObject({ minute: at(5), activity: 0, activitySource: 'prof_gr_engine', profActivity: 0, gpuUtil: 0.9, powerW: 500, samples: 4 });
  });
});
