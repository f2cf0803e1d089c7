/**
 * GPU allocations from kube-state-metrics (SOURCES.md, DCGM exporter): container requests of `nvidia.com/*`
 * resources of running pods scheduled on a node, as `query_range` returns them at one step per minute. Pure.
 *
 * The requests say how many GPUs a pod holds on which node, not which: they become gpu_allocations rows only
 * when that is certain, i.e. when a pod's request covers every unit of its kind on the node (a whole-node
 * training pod, a one-GPU node). Pods the dcgm-exporter pod labels already place are left to those labels.
 * - `nvidia_com_gpu`: whole GPUs; `nvidia_com_gpu_shared` (time-slicing): whole GPUs at 1/replicas each;
 * - `nvidia_com_mig_<profile>` (e.g. nvidia_com_mig_3g_40gb): MIG instances of that profile.
 */
import type { AllocationRow } from './allocations.ts';
import { MINUTE_MS } from './rollup.ts';

/** Running pods' GPU requests, one series per container and resource (the value is the quantity). */
export const KSM_REQUESTS_QUERY =
  'max by (namespace, pod, container, node, resource) (kube_pod_container_resource_requests{resource=~"nvidia_com_.*",node!=""})' +
  ' * on (namespace, pod) group_left () (max by (namespace, pod) (kube_pod_status_phase{phase="Running"}) == 1)';

export interface PodRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string | null;
  readonly node: string;
  readonly resource: string;
  readonly quantity: number;
  /** Minute-aligned: the first minute seen, and the minute after the last one (null: still running at the newest). */
  readonly startMs: number;
  readonly endMs: number | null;
}

export interface KsmSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Minute starts at which the request was present, with the quantity. */
  readonly points: readonly { readonly minute: number; readonly value: number }[];
}

/** Runs of consecutive minutes per series; a run reaching `newestMinute` stays open. */
export function podRequests(series: readonly KsmSeries[], newestMinute: number): PodRequest[] {
  const out: PodRequest[] = [];
  for (const s of series) {
    const { namespace, pod, node, resource } = s.labels;
    if (!namespace || !pod || !node || !resource) continue;
    const container = s.labels['container'] || null;
    const points = [...s.points].sort((a, b) => a.minute - b.minute);
    let start: number | undefined;
    let quantity = 0;
    points.forEach((p, i) => {
      start ??= p.minute;
      quantity = Math.max(quantity, p.value);
      const next = points[i + 1];
      if (next !== undefined && next.minute === p.minute + MINUTE_MS) return;
      out.push({ namespace, pod, container, node, resource, quantity, startMs: start, endMs: next === undefined && p.minute >= newestMinute ? null : p.minute + MINUTE_MS });
      start = undefined;
      quantity = 0;
    });
  }
  return out;
}

/** A unit of a node as the assignment sees it. */
export interface NodeUnit {
  readonly uuid: string;
  readonly instance: string;
  readonly profile: string | null;
}

export interface Assignment {
  readonly rows: AllocationRow[];
  /** Requests whose GPUs cannot be known (a partial request on a node with more units of its kind). */
  readonly unresolved: PodRequest[];
}

/** The units of the node a resource can name, e.g. nvidia_com_mig_3g_40gb → instances with profile 3g.40gb. */
function candidates(resource: string, units: readonly NodeUnit[]): NodeUnit[] | undefined {
  if (resource === 'nvidia_com_gpu' || resource === 'nvidia_com_gpu_shared') return units.filter((u) => u.instance === '');
  const mig = /^nvidia_com_mig_(\d+g)_(\d+gb)$/.exec(resource);
  if (mig === null) return undefined;
  const profile = `${mig[1]}.${mig[2]}`;
  return units.filter((u) => u.instance !== '' && u.profile !== null && u.profile.replace(/\+.*$/, '') === profile);
}

export function assignRequests(
  requests: readonly PodRequest[],
  unitsByNode: ReadonlyMap<string, readonly NodeUnit[]>,
  placedByDcgm: ReadonlySet<string>,
  timeSlicingReplicas: number | null,
): Assignment {
  const rows: AllocationRow[] = [];
  const unresolved: PodRequest[] = [];
  for (const r of requests) {
    if (placedByDcgm.has(`${r.namespace}\u0000${r.pod}`)) continue;
    const units = candidates(r.resource, unitsByNode.get(r.node) ?? []);
    if (units === undefined) continue;
    const shared = r.resource === 'nvidia_com_gpu_shared';
    // A time-sliced GPU offers `replicas` slots: the whole node's slots must be requested to know the GPUs.
    const slots = units.length * (shared ? (timeSlicingReplicas ?? 1) : 1);
    if (units.length === 0 || r.quantity < slots) {
      unresolved.push(r);
      continue;
    }
    for (const u of units) {
      rows.push({
        gpuUuid: u.uuid,
        gpuInstance: u.instance,
        namespace: r.namespace,
        pod: r.pod,
        container: r.container,
        podGpus: units.length,
        share: 1,
        startMs: r.startMs,
        endMs: r.endMs,
        source: 'kube-state-metrics',
      });
    }
  }
  return { rows, unresolved };
}
