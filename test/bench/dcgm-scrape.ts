/**
 * Generates a dcgm-exporter scrape (Prometheus text 0.0.4) for N GPUs, for benchmarks and load tests.
 * The 23 families, their HELP/TYPE lines and the label set copy a real GPU Operator scrape
 * (fixtures/gpu/dcgm/k8s-ai-conformance/dcgm-l4-k8s.prom.txt) plus the pod-mapping labels dcgm-exporter
 * adds on Kubernetes; values follow each GPU's busy/idle state. Deterministic for a given seed.
 */

export interface DcgmScrapeOptions {
  readonly gpus: number;
  readonly seed?: number;
}

type Kind = 'gauge' | 'counter';

interface Field {
  readonly name: string;
  readonly help: string;
  readonly type: Kind;
  /** Value for one GPU; `busy` is its utilization in [0, 1], `rand` a PRNG draw in [0, 1). */
  readonly value: (gpu: GpuState, rand: () => number) => string;
}

interface GpuState {
  readonly busy: number;
  readonly memoryMiB: number;
  readonly usedMiB: number;
  readonly powerLimitW: number;
  readonly uptimeS: number;
}

const int = (n: number): string => String(Math.round(n));
const float6 = (n: number): string => n.toFixed(6);

const FIELDS: readonly Field[] = [
  { name: 'DCGM_FI_DEV_SM_CLOCK', help: 'SM clock frequency (in MHz).', type: 'gauge', value: (g, r) => int(g.busy > 0 ? 1755 + r() * 225 : 210) },
  { name: 'DCGM_FI_DEV_MEM_CLOCK', help: 'Memory clock frequency (in MHz).', type: 'gauge', value: (g) => int(g.busy > 0 ? 2619 : 405) },
  { name: 'DCGM_FI_DEV_MEMORY_TEMP', help: 'Memory temperature (in C).', type: 'gauge', value: (g, r) => int(30 + g.busy * 40 + r() * 4) },
  { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', type: 'gauge', value: (g, r) => int(29 + g.busy * 45 + r() * 4) },
  { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', type: 'gauge', value: (g, r) => float6(g.powerLimitW * (0.1 + g.busy * 0.85) + r() * 5) },
  {
    name: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
    help: 'Total energy consumption since boot (in mJ).',
    type: 'counter',
    value: (g, r) => int(g.uptimeS * g.powerLimitW * (0.2 + g.busy * 0.6) * 1000 * (0.9 + r() * 0.2)),
  },
  { name: 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER', help: 'Total number of PCIe retries.', type: 'counter', value: (_g, r) => int(r() < 0.95 ? 0 : r() * 40) },
  { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', type: 'gauge', value: (g) => int(g.busy * 100) },
  { name: 'DCGM_FI_DEV_MEM_COPY_UTIL', help: 'Memory utilization (in %).', type: 'gauge', value: (g, r) => int(g.busy * 60 * r()) },
  { name: 'DCGM_FI_DEV_ENC_UTIL', help: 'Encoder utilization (in %).', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_DEV_DEC_UTIL', help: 'Decoder utilization (in %).', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_DEV_FB_FREE', help: 'Framebuffer memory free (in MiB).', type: 'gauge', value: (g) => int(g.memoryMiB - g.usedMiB - 470) },
  { name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB).', type: 'gauge', value: (g) => int(g.usedMiB) },
  { name: 'DCGM_FI_DEV_FB_RESERVED', help: 'Framebuffer memory reserved (in MiB).', type: 'gauge', value: () => '470' },
  {
    name: 'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
    help: 'Number of remapped rows for uncorrectable errors',
    type: 'counter',
    value: (_g, r) => int(r() < 0.995 ? 0 : 1 + r() * 3),
  },
  { name: 'DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS', help: 'Number of remapped rows for correctable errors', type: 'counter', value: (_g, r) => int(r() < 0.98 ? 0 : 1 + r() * 8) },
  { name: 'DCGM_FI_DEV_ROW_REMAP_FAILURE', help: 'Whether remapping of rows has failed', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_DEV_VGPU_LICENSE_STATUS', help: 'vGPU License status', type: 'gauge', value: () => '0' },
  { name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', help: 'Ratio of time the graphics engine is active.', type: 'gauge', value: (g, r) => float6(g.busy * (0.9 + r() * 0.1)) },
  { name: 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', help: 'Ratio of cycles the tensor (HMMA) pipe is active.', type: 'gauge', value: (g, r) => float6(g.busy * r() * 0.7) },
  {
    name: 'DCGM_FI_PROF_DRAM_ACTIVE',
    help: 'Ratio of cycles the device memory interface is active sending or receiving data.',
    type: 'gauge',
    value: (g, r) => float6(g.busy * (0.3 + r() * 0.5)),
  },
  {
    name: 'DCGM_FI_PROF_PCIE_TX_BYTES',
    help: 'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    type: 'gauge',
    value: (g, r) => int(100_000 + g.busy * r() * 2e9),
  },
  {
    name: 'DCGM_FI_PROF_PCIE_RX_BYTES',
    help: 'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    type: 'gauge',
    value: (g, r) => int(15_000 + g.busy * r() * 6e9),
  },
];

interface Model {
  readonly name: string;
  readonly memoryMiB: number;
  readonly powerLimitW: number;
}

const MODELS: readonly Model[] = [
  { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, powerLimitW: 700 },
  { name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920, powerLimitW: 400 },
  { name: 'NVIDIA L4', memoryMiB: 23034, powerLimitW: 72 },
];
/** PCI bus ids of the eight GPUs of an HGX baseboard. */
const PCI_BUSES = ['18', '2a', '3a', '5d', '9a', 'ab', 'ba', 'db'];
const GPUS_PER_NODE = PCI_BUSES.length;
const DRIVER_VERSION = '580.105.08';
const WORKLOADS = [
  { namespace: 'ml-training', container: 'trainer', pod: 'llm-pretrain-worker' },
  { namespace: 'ml-inference', container: 'vllm', pod: 'vllm-llama-70b' },
  { namespace: 'research', container: 'notebook', pod: 'jupyter-gpu' },
  { namespace: 'batch', container: 'embedder', pod: 'embeddings-job' },
];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, digits: number): string {
  let out = '';
  for (let k = 0; k < digits; k++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** Returns the scrape text: 23 families, each with one sample per GPU, ending in a line feed. */
export function generateDcgmScrape(options: DcgmScrapeOptions): string {
  const rand = prng(options.seed ?? 1);
  const labelSets: string[] = [];
  const states: GpuState[] = [];
  let host = '';
  let model: Model = MODELS[0] ?? { name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, powerLimitW: 700 };
  for (let index = 0; index < options.gpus; index++) {
    const slot = index % GPUS_PER_NODE;
    if (slot === 0) {
      host = `i-0${hex(rand, 16)}`;
      model = MODELS[Math.floor(rand() * MODELS.length)] ?? model;
    }
    const uuid = `GPU-${hex(rand, 8)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`;
    const allocated = rand() < 0.6;
    const workload = WORKLOADS[Math.floor(rand() * WORKLOADS.length)] ?? WORKLOADS[0];
    const pod = allocated && workload ? `${workload.pod}-${hex(rand, 10)}-${hex(rand, 5)}` : '';
    labelSets.push(
      `gpu="${slot}",UUID="${uuid}",pci_bus_id="00000000:${PCI_BUSES[slot] ?? '00'}:00.0",device="nvidia${slot}",modelName="${model.name}",` +
        `Hostname="${host}",DCGM_FI_DRIVER_VERSION="${DRIVER_VERSION}",container="${allocated ? (workload?.container ?? '') : ''}",` +
        `namespace="${allocated ? (workload?.namespace ?? '') : ''}",pod="${pod}"`,
    );
    const busy = allocated ? 0.3 + rand() * 0.7 : 0;
    states.push({
      busy,
      memoryMiB: model.memoryMiB,
      usedMiB: allocated ? model.memoryMiB * (0.2 + rand() * 0.7) : 0,
      powerLimitW: model.powerLimitW,
      uptimeS: 86_400 * (1 + rand() * 60),
    });
  }

  const parts: string[] = [];
  for (const field of FIELDS) {
    parts.push(`# HELP ${field.name} ${field.help}\n# TYPE ${field.name} ${field.type}\n`);
    for (let index = 0; index < options.gpus; index++) {
      const state = states[index];
      if (state === undefined) continue;
      parts.push(`${field.name}{${labelSets[index] ?? ''}} ${field.value(state, rand)}\n`);
    }
  }
  return parts.join('');
}
