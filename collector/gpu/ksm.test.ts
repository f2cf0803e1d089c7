import { describe, expect, it } from 'vitest';
import { assignRequests, podRequests } from './ksm.ts';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minute: number): number => T0 + minute * M;
const request = (pod: string, node: string, resource: string, value: number, minutes: number[]): { labels: Record<string, string>; points: { minute: number; value: number }[] } => ({
  labels: { namespace: 'ml', pod, container: 'main', node, resource },
  points: minutes.map((m) => ({ minute: at(m), value })),
});
const node = new Map([
  ['n1', [{ uuid: 'GPU-1', instance: '', profile: null }, { uuid: 'GPU-2', instance: '', profile: null }]],
  ['n2', [{ uuid: 'GPU-3', instance: '1', profile: '3g.40gb' }, { uuid: 'GPU-3', instance: '2', profile: '1g.10gb' }, { uuid: 'GPU-3', instance: '3', profile: '1g.10gb' }]],
]);

describe('kube-state-metrics requests', () => {
  it('turns running minutes into intervals, open at the newest minute', () => {
    const runs = podRequests([request('a', 'n1', 'nvidia_com_gpu', 2, [0, 1, 2, 5, 6])], at(6));
    expect(runs.map((r) => [r.startMs, r.endMs, r.quantity])).toEqual([
      [at(0), at(3), 2],
      [at(5), null, 2],
    ]);
  });

  it('places a pod on GPUs only when its request covers every unit of its kind on the node', () => {
    const requests = podRequests(
      [
        request('whole-node', 'n1', 'nvidia_com_gpu', 2, [0, 1]),
        request('one-of-two', 'n1', 'nvidia_com_gpu', 1, [0, 1]),
        request('mig-3g', 'n2', 'nvidia_com_mig_3g_40gb', 1, [0]),
        request('mig-1g', 'n2', 'nvidia_com_mig_1g_10gb', 1, [0]),
        request('labelled', 'n1', 'nvidia_com_gpu', 2, [0]),
      ],
      at(9),
    );
    const { rows, unresolved } = assignRequests(requests, node, new Set(['ml\u0000labelled']), null);
    expect(rows.map((r) => [r.pod, r.gpuUuid, r.gpuInstance, r.podGpus])).toEqual([
      ['whole-node', 'GPU-1', '', 2],
      ['whole-node', 'GPU-2', '', 2],
      ['mig-3g', 'GPU-3', '1', 1],
    ]);
    expect(unresolved.map((r) => r.pod)).toEqual(['one-of-two', 'mig-1g']);
  });

  it('needs every time-slicing replica of the node to place a shared-GPU pod', () => {
    const one = new Map([['n3', [{ uuid: 'GPU-9', instance: '', profile: null }]]]);
    const requests = podRequests([request('slice', 'n3', 'nvidia_com_gpu_shared', 1, [0])], at(9));
    expect(assignRequests(requests, one, new Set(), 4).unresolved).toHaveLength(1);
    expect(assignRequests(requests, one, new Set(), 1).rows).toHaveLength(1);
  });
});
