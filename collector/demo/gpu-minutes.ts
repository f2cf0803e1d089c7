/**
 * Telemetry of one demo minute, derived from the plan: a pure function of (unit, segment, minute), so the
 * generator and the golden tests compute the very same values without sharing any state.
 */
import { noise } from './rng.ts';
import { MODELS } from './world.ts';
import type { Segment, Unit } from './gpu-plan.ts';

export interface MinuteValues {
  activity: number;
  activitySource: 'prof_gr_engine' | 'dev_gpu_util';
  profActivity: number | null;
  gpuUtil: number | null;
  smActive: number | null;
  dramActive: number | null;
  memUsedMib: number;
  powerW: number | null;
  energyJ: number | null;
  samples: number;
  badSamples: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Daily load shape: 0.35 at night to 1 in the afternoon, local to the cluster (UTC offset by region). */
function diurnal(minute: number, region: string): number {
  const offsetHours = region.startsWith('us-west') ? -8 : region.startsWith('us-east') ? -5 : 1;
  const hour = (((minute / 60 + offsetHours) % 24) + 24) % 24;
  return 0.35 + 0.65 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24));
}

export function minuteValues(unit: Unit, segment: Segment, minute: number): MinuteValues {
  const model = MODELS[unit.modelKey];
  const n1 = noise(unit.seed, minute, 1);
  const n2 = noise(unit.seed, minute, 2);
  const mig = unit.instance !== '';
  let act: number;
  let util: number;
  switch (segment.state) {
    case 'busy':
    case 'sentinel': {
      const shape = segment.pattern === 'diurnal' ? diurnal(minute, unit.region) : 1;
      act = round4(Math.min(1, Math.max(0.12, segment.level * shape + (n1 - 0.5) * 0.08)));
      util = round4(Math.min(1, act * 1.15 + 0.03));
      break;
    }
    case 'stuck':
      // The profiling counter reads 0 while the device is visibly busy: telemetry disagrees.
      act = 0;
      util = round4(0.85 + n1 * 0.1);
      break;
    case 'idle':
      act = round4(n1 * 0.03);
      util = round4(act * 0.5);
      break;
    case 'gap':
      throw new Error('a gap has no telemetry');
  }
  const load = segment.state === 'stuck' ? util * 0.8 : segment.state === 'idle' ? 0 : act * 0.9;
  const power = mig ? null : round4(model.idlePowerW * (1 + 0.08 * n2) + (model.powerLimitW - model.idlePowerW) * load);
  const profiling = model.profiling;
  return {
    activity: profiling ? act : util,
    activitySource: profiling ? 'prof_gr_engine' : 'dev_gpu_util',
    profActivity: profiling ? act : null,
    gpuUtil: mig ? null : util,
    smActive: profiling ? round4(act * 0.78) : null,
    dramActive: profiling ? round4(act * 0.45) : null,
    memUsedMib: Math.round(segment.memMib * (1 + 0.01 * n2)),
    powerW: power,
    energyJ: power === null ? null : round4(power * 60),
    samples: 4,
    badSamples: segment.state === 'sentinel' ? 1 : 0,
  };
}
