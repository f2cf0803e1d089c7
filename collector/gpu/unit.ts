/** The unit of observation (METRICS.md, GPU): one GPU, or one MIG instance of it; and a pod that holds one. */

export interface GpuUnitIdentity {
  readonly uuid: string;
  /** GPU instance id (GPU_I_ID) of a MIG instance; '' for a whole GPU. */
  readonly instance: string;
  /** MIG profile of the instance (e.g. 3g.40gb); null for a whole GPU. */
  readonly profile: string | null;
  readonly gpuIndex: number | null;
  readonly model: string | null;
  readonly pciBusId: string | null;
  readonly node: string;
  readonly cluster: string;
}

export interface PodRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string | null;
}

export const unitKey = (uuid: string, instance: string): string => `${uuid}\u0000${instance}`;
export const podKey = (pod: PodRef): string => `${pod.namespace}\u0000${pod.pod}\u0000${pod.container ?? ''}`;
