/** Maps either nvidia-smi parse result to one reading per GPU / MIG instance, the shape the GPU ingest stores. */
import { NvidiaSmiParseError } from './errors.ts';
import type { GpuFields, MigDevice, NvidiaSmiSnapshot, QueryGpuRow } from './types.ts';

/**
 * gpu: a whole GPU, the unit of observation. mig_parent: a GPU in MIG mode, whose units are its instances; it
 * carries the device-wide signals (power, SM clock, gpu_idle) that nvidia-smi does not split per instance.
 * mig_instance: one GPU instance, identified by the parent's UUID plus its GPU instance id.
 */
export type GpuReadingScope = 'gpu' | 'mig_parent' | 'mig_instance';

export interface GpuReading {
  uuid: string;
  gpuInstanceId: number | null;
  scope: GpuReadingScope;
  /** ISO 8601 UTC; null when the source had no timestamp or was parsed without a time zone. */
  time: string | null;
  /** max(utilization.gpu, encoder, decoder) as 0..1; null when utilization.gpu is N/A (always under MIG). */
  activity: number | null;
  activitySource: 'smi_util' | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  /** Device-wide readings: null on mig_instance readings so that summing instances never double counts. */
  powerW: number | null;
  powerLimitW: number | null;
  smClockMHz: number | null;
  gpuIdle: boolean | null;
  model: string | null;
  pciBusId: string | null;
}

/** One reading per GPU, plus one per GPU instance of a MIG-enabled GPU in `-q -x` output. */
export function toGpuReadings(source: NvidiaSmiSnapshot | readonly QueryGpuRow[]): GpuReading[] {
  if ('gpus' in source) {
    return source.gpus.flatMap((gpu, i) => {
      const parent = deviceReading(gpu, `gpu[${gpu.id ?? i}]`);
      return [parent, ...instanceReadings(parent, gpu.migDevices)];
    });
  }
  return source.map((row) => deviceReading(row, `line ${row.line}`));
}

function deviceReading(gpu: GpuFields, location: string): GpuReading {
  if (gpu.uuid === null) {
    throw new NvidiaSmiParseError('readings', location, 'a GPU uuid (query it: --query-gpu=uuid,…)');
  }
  const value = activity(gpu);
  return {
    uuid: gpu.uuid,
    gpuInstanceId: null,
    scope: gpu.migMode === 'enabled' ? 'mig_parent' : 'gpu',
    time: gpu.time,
    activity: value,
    activitySource: value === null ? null : 'smi_util',
    memoryUsedMiB: gpu.memoryUsedMiB,
    memoryTotalMiB: gpu.memoryTotalMiB,
    powerW: gpu.powerDrawW,
    powerLimitW: gpu.powerLimitW,
    smClockMHz: gpu.smClockMHz,
    gpuIdle: gpu.gpuIdle,
    model: gpu.name,
    pciBusId: gpu.pciBusId,
  };
}

/**
 * Max, not mean, with encoder/decoder so that a video workload is not called idle (METRICS.md). Encoder or
 * decoder alone are no activity signal: without utilization.gpu the activity is unknown.
 */
function activity(gpu: GpuFields): number | null {
  if (gpu.utilGpu === null) return null;
  return Math.max(gpu.utilGpu, gpu.utilEncoder ?? 0, gpu.utilDecoder ?? 0);
}

/** Compute instances of one GPU instance share its memory: one reading per GPU instance. */
function instanceReadings(parent: GpuReading, devices: readonly MigDevice[]): GpuReading[] {
  const byInstance = new Map<number, MigDevice[]>();
  for (const device of devices) {
    byInstance.set(device.gpuInstanceId, [...(byInstance.get(device.gpuInstanceId) ?? []), device]);
  }
  return [...byInstance].map(([gpuInstanceId, members]) => ({
    ...parent,
    gpuInstanceId,
    scope: 'mig_instance',
    activity: null,
    activitySource: null,
    memoryUsedMiB: maxOf(members.map((m) => m.memoryUsedMiB)),
    memoryTotalMiB: maxOf(members.map((m) => m.memoryTotalMiB)),
    powerW: null,
    powerLimitW: null,
    smClockMHz: null,
    gpuIdle: null,
  }));
}

function maxOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.max(...present);
}
