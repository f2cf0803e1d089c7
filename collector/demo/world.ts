/** The demo world's fixed cast: clusters, nodes, GPUs, teams, services. Pure data. */

export interface GpuModelInfo {
  model: string;
  memoryMib: number;
  powerLimitW: number;
  idlePowerW: number;
  instanceType: string;
  /** USD per instance-hour, on-demand list price used for the demo's cost lines. */
  instancePrice: number;
  /** DCGM profiling metrics exported (false: activity falls back to DCGM_FI_DEV_GPU_UTIL). */
  profiling: boolean;
}

export const MODELS = {
  h100: { model: 'NVIDIA H100 80GB HBM3', memoryMib: 81559, powerLimitW: 700, idlePowerW: 70, instanceType: 'p5.48xlarge', instancePrice: 55.04, profiling: true },
  a100: { model: 'NVIDIA A100-SXM4-80GB', memoryMib: 81920, powerLimitW: 400, idlePowerW: 55, instanceType: 'p4de.24xlarge', instancePrice: 40.97, profiling: true },
  l4: { model: 'NVIDIA L4', memoryMib: 23034, powerLimitW: 72, idlePowerW: 16.4, instanceType: 'g6.48xlarge', instancePrice: 13.35, profiling: false },
} as const satisfies Record<string, GpuModelInfo>;

export type ModelKey = keyof typeof MODELS;

export interface ClusterInfo {
  name: string;
  region: string;
  model: ModelKey;
  nodes: number;
  /** Days before the end at which the last node joined (a node added during the period). */
  lateNodeDays?: number;
}

export const CLUSTERS: readonly ClusterInfo[] = [
  { name: 'prod-us-east', region: 'us-east-1', model: 'h100', nodes: 4, lateNodeDays: 20 },
  { name: 'train-us-west', region: 'us-west-2', model: 'a100', nodes: 2 },
  { name: 'edge-eu', region: 'eu-west-1', model: 'l4', nodes: 2 },
];

export const TEAMS = [
  { id: 'ml-platform', name: 'ML Platform' },
  { id: 'search', name: 'Search' },
  { id: 'recsys', name: 'Recommendations' },
  { id: 'vision', name: 'Vision' },
  { id: 'speech', name: 'Speech' },
] as const;

export type TeamId = (typeof TEAMS)[number]['id'];

export interface ServiceInfo {
  name: string;
  team: TeamId;
  kind: 'model-serving' | 'training';
  /** Namespace its pods run in (namespace → team ownership rule). */
  namespace: string;
  /** Requests per second at the daily peak (serving only). */
  peakRps: number;
}

export const SERVICES: readonly ServiceInfo[] = [
  { name: 'ranker', team: 'search', kind: 'model-serving', namespace: 'search', peakRps: 900 },
  { name: 'embedder', team: 'search', kind: 'model-serving', namespace: 'search', peakRps: 1400 },
  { name: 'recommender', team: 'recsys', kind: 'model-serving', namespace: 'recsys', peakRps: 700 },
  { name: 'llm-chat', team: 'ml-platform', kind: 'model-serving', namespace: 'llm', peakRps: 120 },
  { name: 'vision-detect', team: 'vision', kind: 'model-serving', namespace: 'vision', peakRps: 300 },
  { name: 'asr', team: 'speech', kind: 'model-serving', namespace: 'speech', peakRps: 80 },
  { name: 'recsys-train', team: 'recsys', kind: 'training', namespace: 'recsys-train', peakRps: 0 },
  { name: 'llm-finetune', team: 'ml-platform', kind: 'training', namespace: 'llm-train', peakRps: 0 },
];

/** Namespace → team, written as ownership rules. */
export const NAMESPACE_OWNERS: readonly { namespace: string; team: TeamId }[] = [
  { namespace: 'search', team: 'search' },
  { namespace: 'recsys', team: 'recsys' },
  { namespace: 'recsys-train', team: 'recsys' },
  { namespace: 'llm', team: 'ml-platform' },
  { namespace: 'llm-train', team: 'ml-platform' },
  { namespace: 'notebooks', team: 'ml-platform' },
  { namespace: 'vision', team: 'vision' },
  { namespace: 'speech', team: 'speech' },
];

/** The MIG-partitioned GPU: A100 80GB into 3g.40gb + 2g.20gb + 2 × 1g.10gb (7 slices). */
export const MIG_LAYOUT = [
  { instance: '1', profile: '3g.40gb', slices: 3, memoryMib: 40192 },
  { instance: '2', profile: '2g.20gb', slices: 2, memoryMib: 19968 },
  { instance: '3', profile: '1g.10gb', slices: 1, memoryMib: 9728 },
  { instance: '4', profile: '1g.10gb', slices: 1, memoryMib: 9728 },
] as const;
export const MIG_TOTAL_SLICES = 7;
