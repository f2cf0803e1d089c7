/**
 * Who a dcgm-exporter series is about (SOURCES.md, DCGM exporter): the GPU or MIG instance, where it runs and
 * which pod holds it. Pure.
 *
 * - GPU: `UUID` (or `uuid`), `gpu` (index), `modelName`, `pci_bus_id`; MIG instances add `GPU_I_ID` and
 *   `GPU_I_PROFILE` while `UUID` stays the parent's.
 * - Node: a `node` label (set on the scrape target in pulse.yaml, or by relabelling), else the exporter's
 *   `Hostname` (`hostname` since 2026), else `kubernetes_node`, else the host of `instance`.
 * - Cluster: the configured cluster label (default `cluster`), else the configured default.
 * - Pod: `exported_pod` / `exported_namespace` / `exported_container` when present (behind a Prometheus with
 *   honorLabels: false `pod` names the exporter itself); else `pod` / `namespace` / `container`, unless they
 *   name the exporter's own pod.
 */
import type { GpuUnitIdentity, PodRef } from '../../gpu/unit.ts';
import type { LabelView } from '../prometheus/exposition.ts';

export interface IdentityOptions {
  /** The label that names the cluster (default `cluster`). */
  readonly clusterLabel?: string;
  /** Cluster of series without that label. */
  readonly defaultCluster: string;
  /** Node of series that name none (e.g. `pulse import prom --node`). */
  readonly defaultNode?: string;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

function instanceHost(instance: string | undefined): string | undefined {
  if (instance === undefined || instance === '') return undefined;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracket) return bracket[1];
  const colon = instance.lastIndexOf(':');
  return colon > 0 && instance.indexOf(':') === colon ? instance.slice(0, colon) : instance;
}

/**
 * The unit a series is about, or null when it names no GPU (dcgm-exporter's unlabelled placeholder gauges). Labels
 * are read one by one: a scanned line gives the few asked for without copying the others.
 */
export function dcgmIdentity(labels: LabelView, options: IdentityOptions): GpuUnitIdentity | null {
  const uuid = nonEmpty(labels.get('UUID')) ?? nonEmpty(labels.get('uuid'));
  if (uuid === undefined) return null;
  const index = labels.get('gpu');
  const gpuIndex = index !== undefined && /^\d+$/.test(index) ? Number(index) : null;
  return {
    uuid,
    instance: labels.get('GPU_I_ID') ?? '',
    profile: nonEmpty(labels.get('GPU_I_PROFILE')) ?? null,
    gpuIndex,
    model: nonEmpty(labels.get('modelName')) ?? null,
    pciBusId: nonEmpty(labels.get('pci_bus_id')) ?? null,
    node:
      nonEmpty(labels.get('node')) ??
      nonEmpty(labels.get('Hostname')) ??
      nonEmpty(labels.get('hostname')) ??
      nonEmpty(labels.get('kubernetes_node')) ??
      instanceHost(labels.get('instance')) ??
      options.defaultNode ??
      'unknown',
    cluster: nonEmpty(labels.get(options.clusterLabel ?? 'cluster')) ?? options.defaultCluster,
  };
}

const EXPORTER_POD = /dcgm-exporter/;

/** The pod holding the unit, or null when the series names none. */
export function dcgmPod(labels: LabelView): PodRef | null {
  const exportedPod = nonEmpty(labels.get('exported_pod'));
  if (exportedPod !== undefined) {
    const namespace = nonEmpty(labels.get('exported_namespace'));
    return namespace === undefined ? null : { namespace, pod: exportedPod, container: nonEmpty(labels.get('exported_container')) ?? null };
  }
  const pod = nonEmpty(labels.get('pod'));
  const namespace = nonEmpty(labels.get('namespace'));
  if (pod === undefined || namespace === undefined) return null;
  const container = nonEmpty(labels.get('container')) ?? null;
  if (EXPORTER_POD.test(pod) || (container !== null && EXPORTER_POD.test(container))) return null;
  return { namespace, pod, container };
}
