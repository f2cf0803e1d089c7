/** Column batches of the demo's GPU tables, built from the plan. Pure. */
import { MIG_LAYOUT, MODELS } from './world.ts';
import { minuteValues } from './gpu-minutes.ts';
import type { GpuPlan } from './gpu-plan.ts';

const MS_PER_MINUTE = 60_000;

export type ColumnBatch = Record<string, unknown[]>;

export function gpuRows(plan: GpuPlan): Record<string, unknown>[] {
  const seen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  for (const u of plan.units) {
    if (seen.has(u.uuid)) continue;
    seen.add(u.uuid);
    const model = MODELS[u.modelKey];
    rows.push({
      gpu_uuid: u.uuid,
      cluster: u.cluster,
      node: u.node,
      gpu_index: u.index,
      model: model.model,
      memory_mib: model.memoryMib,
      power_limit_w: model.powerLimitW,
      pci_bus_id: `00000000:${(0x18 + u.index * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
      first_seen: u.firstSeen * MS_PER_MINUTE,
      retired_at: null,
    });
  }
  return rows;
}

export function gpuInstanceRows(plan: GpuPlan): Record<string, unknown>[] {
  return plan.units
    .filter((u) => u.instance !== '')
    .map((u) => ({ gpu_uuid: u.uuid, gpu_instance: u.instance, profile: u.migProfile, share: u.share, memory_mib: MIG_LAYOUT.find((m) => m.profile === u.migProfile)?.memoryMib ?? null }));
}

export function allocationRows(plan: GpuPlan): Record<string, unknown>[] {
  const byKey = new Map(plan.units.map((u) => [u.key, u]));
  return plan.allocations.map((a) => {
    const u = byKey.get(a.unitKey);
    if (!u) throw new Error(`allocation for unknown unit ${a.unitKey}`);
    return {
      gpu_uuid: u.uuid,
      gpu_instance: u.instance,
      namespace: a.namespace,
      pod: a.pod,
      container: a.container,
      pod_gpus: a.podGpus,
      share: a.share,
      start_at: a.start * MS_PER_MINUTE,
      end_at: a.end === null ? null : a.end * MS_PER_MINUTE,
      source: 'demo',
    };
  });
}

/** gpu_minute rows of every unit for minutes [from, to). */
export function gpuMinuteColumns(plan: GpuPlan, from: number, to: number): ColumnBatch {
  const uuid: string[] = [], instance: string[] = [], minute: number[] = [], activity: number[] = [], activitySource: string[] = [];
  const prof: (number | null)[] = [], util: (number | null)[] = [], sm: (number | null)[] = [], dram: (number | null)[] = [];
  const mem: number[] = [], power: (number | null)[] = [], energy: (number | null)[] = [], samples: number[] = [], bad: number[] = [];
  for (const u of plan.units) {
    for (const s of plan.segments.get(u.key) ?? []) {
      if (s.state === 'gap' || s.end <= from || s.start >= to) continue;
      for (let m = Math.max(s.start, from); m < Math.min(s.end, to); m++) {
        const v = minuteValues(u, s, m);
        uuid.push(u.uuid);
        instance.push(u.instance);
        minute.push(m * MS_PER_MINUTE);
        activity.push(v.activity);
        activitySource.push(v.activitySource);
        prof.push(v.profActivity);
        util.push(v.gpuUtil);
        sm.push(v.smActive);
        dram.push(v.dramActive);
        mem.push(v.memUsedMib);
        power.push(v.powerW);
        energy.push(v.energyJ);
        samples.push(v.samples);
        bad.push(v.badSamples);
      }
    }
  }
  return {
    gpu_uuid: uuid, gpu_instance: instance, minute, activity, activity_source: activitySource, prof_activity: prof, gpu_util: util,
    sm_active: sm, dram_active: dram, mem_used_mib: mem, power_w: power, energy_j: energy, samples, bad_samples: bad,
    source: new Array<string>(uuid.length).fill('demo'),
  };
}
