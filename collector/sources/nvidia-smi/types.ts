/** Typed results of the nvidia-smi parsers. Units are in the names; null means nvidia-smi gave no value. */

export type MigMode = 'enabled' | 'disabled';

/** The readings both `nvidia-smi -q -x` and `--query-gpu` report, normalized the same way. */
export interface GpuFields {
  uuid: string | null;
  /** Product name, e.g. "NVIDIA H100 80GB HBM3". */
  name: string | null;
  pciBusId: string | null;
  driverVersion: string | null;
  /** When nvidia-smi took the sample, ISO 8601 UTC; null without a timestamp or without a time zone. */
  time: string | null;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  memoryFreeMiB: number | null;
  /** Utilizations as 0..1; N/A under MIG. */
  utilGpu: number | null;
  utilMemory: number | null;
  utilEncoder: number | null;
  utilDecoder: number | null;
  /** Board power: the 1-second average where the driver reports one (≥ 570), else its single reading. */
  powerDrawW: number | null;
  powerDrawAverageW: number | null;
  powerDrawInstantW: number | null;
  /** The enforced power limit. */
  powerLimitW: number | null;
  smClockMHz: number | null;
  temperatureC: number | null;
  /** The gpu_idle clock event (formerly throttle) reason: clocks dropped because nothing runs. */
  gpuIdle: boolean | null;
  migMode: MigMode | null;
}

/** One `<mig_device>`: a compute instance inside a GPU instance. */
export interface MigDevice {
  index: number | null;
  gpuInstanceId: number;
  computeInstanceId: number | null;
  multiprocessorCount: number | null;
  memoryTotalMiB: number | null;
  memoryUsedMiB: number | null;
  memoryFreeMiB: number | null;
}

export interface GpuProcess {
  pid: number;
  /** "C" (compute), "G" (graphics) or "C+G". */
  type: string | null;
  name: string | null;
  usedMemoryMiB: number | null;
  gpuInstanceId: number | null;
  computeInstanceId: number | null;
}

/** Four DTD generations rename elements; see SOURCES.md. */
export type NvidiaSmiXmlGeneration = 'no-dtd' | 'v10-v11' | 'v12' | 'v13';

export interface NvidiaSmiGpu extends GpuFields {
  /** The `id` attribute of `<gpu>` (its PCI bus id). */
  id: string | null;
  serial: string | null;
  minorNumber: number | null;
  cudaVersion: string | null;
  performanceState: string | null;
  /** Every clock event reason by its short name (gpu_idle, sw_power_cap, …): active or not. */
  clockEventReasons: Readonly<Record<string, boolean | null>>;
  migDevices: MigDevice[];
  processes: GpuProcess[];
}

/** One `nvidia-smi -q -x` document. */
export interface NvidiaSmiSnapshot {
  generation: NvidiaSmiXmlGeneration;
  /** The nvsmi_device_vNN.dtd number, null without a DOCTYPE. */
  dtdVersion: number | null;
  /** The log timestamp as printed, in the host's local time ("Fri Aug  4 11:44:30 2023"). */
  timestampRaw: string | null;
  time: string | null;
  driverVersion: string | null;
  cudaVersion: string | null;
  /** As reported: it may exceed gpus.length when the log was filtered (e.g. `-i`). */
  attachedGpus: number | null;
  gpus: NvidiaSmiGpu[];
}

/** One data line of `--query-gpu` CSV. */
export interface QueryGpuRow extends GpuFields {
  /** 1-based line in the input. */
  line: number;
  index: number | null;
  serial: string | null;
  /** The timestamp cell as printed, in the host's local time ("2026/07/14 08:12:38.696"). */
  timestampRaw: string | null;
  /** Every queried field not normalized above, by field name (without unit), cell text as printed. */
  raw: Readonly<Record<string, string | null>>;
}
