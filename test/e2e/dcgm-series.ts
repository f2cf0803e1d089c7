/**
 * A generated multi-hour dcgm-exporter history as an OpenMetrics time series (samples with timestamps, the
 * format `promtool tsdb create-blocks-from openmetrics` reads), with planted stories and the idle episodes they
 * must give (METRICS.md, GPU; 30-minute minimum):
 * - A: allocated, busy / idle 60 min / busy; its energy counter resets (driver reload) mid-minute;
 * - B: no pod, idle 70 min between busy periods;
 * - C: busy with a 10-minute dip: no episode;
 * - D: busy while its profiling metric is stuck at 0 (suspect, never idle);
 * - E: no pod, idle 80 min with one sentinel GR_ENGINE reading in the middle: two episodes around the suspect minute;
 * - F: busy, its pod replaced by another mid-minute (two series for one GPU in that minute);
 * - G: busy, scraped 1 ms before each quarter minute (so one sample per minute lies on its last millisecond).
 * Samples every 15 s from a whole minute, so many lie exactly on minute boundaries: with G they pin down the
 * range-window edges (a window one millisecond off takes a neighbour's sample). F's scrapes are offset by 7 s.
 * Deterministic.
 */

export const SCRAPE_INTERVAL_MS = 15_000;
const MINUTE = 60_000;
const SENTINEL = '140737488355328.0';

interface Pod {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

type State = 'busy' | 'idle' | 'stuck';

interface Gpu {
  readonly key: string;
  readonly uuid: string;
  readonly index: number;
  readonly offsetMs: number;
  /** [from minute, to minute, state]; the rest of the time is busy. */
  readonly states: readonly [number, number, State][];
  /** [from minute (may be fractional), pod or null] in order; before the first entry: no pod. */
  readonly pods: readonly [number, Pod | null][];
  /** Minute (fractional) of a GR_ENGINE sentinel reading. */
  readonly sentinelAt?: number;
  /** Minute (fractional) at which the energy counter restarts from 0. */
  readonly energyResetAt?: number;
}

export interface PlantedEpisode {
  readonly gpu: string;
  readonly uuid: string;
  readonly class: 'allocated' | 'unallocated';
  readonly startMinute: number;
  readonly endMinute: number;
}

const pod = (namespace: string, name: string, container: string): Pod => ({ namespace, pod: name, container });

const GPUS: readonly Gpu[] = [
  { key: 'A', uuid: 'GPU-0a0a0a0a-1111-4000-8000-00000000000a', index: 0, offsetMs: 0, states: [[60, 120, 'idle']], pods: [[0, pod('ml', 'train-a-0', 'trainer')]], energyResetAt: 200.5 },
  { key: 'B', uuid: 'GPU-0b0b0b0b-2222-4000-8000-00000000000b', index: 1, offsetMs: 0, states: [[30, 100, 'idle']], pods: [] },
  { key: 'C', uuid: 'GPU-0c0c0c0c-3333-4000-8000-00000000000c', index: 2, offsetMs: 0, states: [[150, 160, 'idle']], pods: [[0, pod('serving', 'ranker-0', 'server')]] },
  { key: 'D', uuid: 'GPU-0d0d0d0d-4444-4000-8000-00000000000d', index: 3, offsetMs: 0, states: [[0, 240, 'stuck']], pods: [[0, pod('research', 'sim-0', 'sim')]] },
  { key: 'E', uuid: 'GPU-0e0e0e0e-5555-4000-8000-00000000000e', index: 4, offsetMs: 0, states: [[100, 180, 'idle']], pods: [], sentinelAt: 140.25 },
  { key: 'F', uuid: 'GPU-0f0f0f0f-6666-4000-8000-00000000000f', index: 5, offsetMs: 7_000, states: [], pods: [[0, pod('ml', 'etl-0', 'worker')], [90.5, pod('ml', 'etl-1', 'worker')]] },
  { key: 'G', uuid: 'GPU-0a1b2c3d-7777-4000-8000-000000000007', index: 6, offsetMs: 14_999, states: [], pods: [] },
];

export const PLANTED: readonly PlantedEpisode[] = [
  { gpu: 'B', uuid: GPUS[1]?.uuid ?? '', class: 'unallocated', startMinute: 30, endMinute: 100 },
  { gpu: 'A', uuid: GPUS[0]?.uuid ?? '', class: 'allocated', startMinute: 60, endMinute: 120 },
  { gpu: 'E', uuid: GPUS[4]?.uuid ?? '', class: 'unallocated', startMinute: 100, endMinute: 140 },
  { gpu: 'E', uuid: GPUS[4]?.uuid ?? '', class: 'unallocated', startMinute: 141, endMinute: 180 },
];

function stateAt(gpu: Gpu, minute: number): State {
  for (const [from, to, state] of gpu.states) if (minute >= from && minute < to) return state;
  return 'busy';
}

function podAt(gpu: Gpu, minute: number): Pod | null {
  let current: Pod | null = null;
  for (const [from, p] of gpu.pods) if (minute >= from) current = p;
  return current;
}

/** A smooth deterministic wobble in [0, 1). */
const wobble = (k: number, salt: number): number => (Math.sin(k * 0.37 + salt) + 1) / 2;

const num = (x: number): string => x.toFixed(6);

interface Field {
  readonly name: string;
  readonly type: 'gauge';
  readonly value: (gpu: Gpu, state: State, k: number, minute: number, energy: number) => string;
}

const FIELDS: readonly Field[] = [
  {
    name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    type: 'gauge',
    value: (gpu, state, k, minute) => {
      if (gpu.sentinelAt !== undefined && Math.abs(minute - gpu.sentinelAt) < 1e-9) return SENTINEL;
      return state === 'busy' ? num(0.55 + 0.4 * wobble(k, gpu.index)) : state === 'stuck' ? '0' : num(0.01 * wobble(k, gpu.index));
    },
  },
  { name: 'DCGM_FI_PROF_SM_ACTIVE', type: 'gauge', value: (gpu, state, k) => (state === 'busy' ? num(0.45 + 0.3 * wobble(k, gpu.index + 1)) : state === 'stuck' ? '0' : num(0.005 * wobble(k, 2))) },
  { name: 'DCGM_FI_PROF_DRAM_ACTIVE', type: 'gauge', value: (gpu, state, k) => (state === 'idle' ? '0' : state === 'stuck' ? '0' : num(0.2 + 0.3 * wobble(k, gpu.index + 2))) },
  { name: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge', value: (_gpu, state, k) => (state === 'idle' ? '0' : String(80 + Math.round(15 * wobble(k, 3)))) },
  { name: 'DCGM_FI_DEV_ENC_UTIL', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_DEV_DEC_UTIL', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_DEV_FB_USED', type: 'gauge', value: (gpu, state) => (podAt(gpu, 0) === null && state === 'idle' ? '0' : state === 'idle' ? '512' : '40960') },
  { name: 'DCGM_FI_DEV_POWER_USAGE', type: 'gauge', value: (gpu, state, k) => (state === 'idle' ? num(64 + 3 * wobble(k, gpu.index)) : num(420 + 120 * wobble(k, gpu.index + 4))) },
  // dcgm-exporter types it a counter, but an OpenMetrics counter must end in _total: written as a gauge.
  { name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', type: 'gauge', value: (_gpu, _state, _k, _minute, energy) => String(Math.round(energy)) },
  { name: 'DCGM_FI_DEV_XID_ERRORS', type: 'gauge', value: () => '0' },
];

export interface DcgmSeries {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly gpus: readonly { readonly key: string; readonly uuid: string }[];
}

/** `hours` of history from `startMs` (a whole minute). */
export function generateDcgmSeries(startMs: number, hours: number): DcgmSeries {
  const endMs = startMs + hours * 3_600_000;
  const lines: string[] = [];
  for (const field of FIELDS) {
    lines.push(`# TYPE ${field.name} ${field.type}`);
    for (const gpu of GPUS) {
      let energy = 5_000_000_000 + gpu.index * 1_000_000;
      // One series per pod (labels change with the pod): samples grouped by series, each in time order.
      const bySeries = new Map<string, string[]>();
      for (let t = startMs + gpu.offsetMs, k = 0; t < endMs; t += SCRAPE_INTERVAL_MS, k++) {
        const minute = (t - startMs) / MINUTE;
        const state = stateAt(gpu, minute);
        const watts = state === 'idle' ? 65 : 500;
        energy += watts * (SCRAPE_INTERVAL_MS / 1000) * 1000;
        if (gpu.energyResetAt !== undefined && minute >= gpu.energyResetAt && minute - SCRAPE_INTERVAL_MS / MINUTE < gpu.energyResetAt) energy = watts * 1000;
        const holder = podAt(gpu, minute);
        const podLabels = holder === null ? '' : `,container="${holder.container}",namespace="${holder.namespace}",pod="${holder.pod}"`;
        const labels =
          `gpu="${gpu.index}",UUID="${gpu.uuid}",pci_bus_id="00000000:${(0x18 + gpu.index * 0x10).toString(16)}:00.0",device="nvidia${gpu.index}",` +
          `modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-node-1",DCGM_FI_DRIVER_VERSION="580.105.08"${podLabels}`;
        const list = bySeries.get(labels) ?? [];
        list.push(`${field.name}{${labels}} ${field.value(gpu, state, k, minute, energy)} ${(t / 1000).toFixed(3)}`);
        bySeries.set(labels, list);
      }
      for (const list of bySeries.values()) lines.push(...list);
    }
  }
  lines.push('# EOF');
  return { text: `${lines.join('\n')}\n`, startMs, endMs, gpus: GPUS.map((g) => ({ key: g.key, uuid: g.uuid })) };
}
