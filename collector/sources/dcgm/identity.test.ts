import { describe, expect, it } from 'vitest';
import { labelView } from '../prometheus/exposition.ts';
import { dcgmIdentity, dcgmPod } from './identity.ts';

const options = { defaultCluster: 'default' };

describe('dcgmIdentity', () => {
  it('reads a GPU from the labels of a real GPU Operator scrape (fixtures/gpu/dcgm/k8s-ai-conformance)', () => {
    const labels = { gpu: '0', UUID: 'GPU-c2f76b33-7953-256e-8f33-1343419b1a1c', pci_bus_id: '00000000:31:00.0', device: 'nvidia0', modelName: 'NVIDIA L4', Hostname: 'i-030791dc5a37cd257', DCGM_FI_DRIVER_VERSION: '580.105.08' };
    expect(dcgmIdentity(labelView(labels), options)).toEqual({
      uuid: 'GPU-c2f76b33-7953-256e-8f33-1343419b1a1c',
      instance: '',
      profile: null,
      gpuIndex: 0,
      model: 'NVIDIA L4',
      pciBusId: '00000000:31:00.0',
      node: 'i-030791dc5a37cd257',
      cluster: 'default',
    });
  });

  it('takes the lower-case uuid and hostname labels, MIG instances under their parent UUID, and the cluster label', () => {
    const id = dcgmIdentity(labelView({ uuid: 'GPU-1', hostname: 'node-7', GPU_I_PROFILE: '3g.40gb', GPU_I_ID: '2', cluster: 'train' }), options);
    expect(id).toMatchObject({ uuid: 'GPU-1', instance: '2', profile: '3g.40gb', node: 'node-7', cluster: 'train' });
  });

  it('prefers a node label set on the target, and falls back to the instance host and the configured defaults', () => {
    expect(dcgmIdentity(labelView({ UUID: 'GPU-1', node: 'gpu-node-1', Hostname: 'exporter-pod' }), options)?.node).toBe('gpu-node-1');
    expect(dcgmIdentity(labelView({ UUID: 'GPU-1', instance: '10.0.0.5:9400' }), options)?.node).toBe('10.0.0.5');
    expect(dcgmIdentity(labelView({ UUID: 'GPU-1' }), { defaultCluster: 'c', defaultNode: 'box' })).toMatchObject({ node: 'box', cluster: 'c' });
    expect(dcgmIdentity(labelView({ UUID: 'GPU-1', region: 'eu' }), { defaultCluster: 'c', clusterLabel: 'region' })?.cluster).toBe('eu');
  });

  it('names no unit for series without a UUID (dcgm-exporter placeholder gauges)', () => {
    expect(dcgmIdentity(labelView({}), options)).toBeNull();
    expect(dcgmIdentity(labelView({ UUID: '' }), options)).toBeNull();
  });
});

describe('dcgmPod', () => {
  it('takes exported_* labels when a Prometheus renamed the pod labels', () => {
    const labels = { pod: 'nvidia-dcgm-exporter-x7k2p', namespace: 'gpu-operator', container: 'nvidia-dcgm-exporter', exported_pod: 'vllm-0', exported_namespace: 'serving', exported_container: 'vllm' };
    expect(dcgmPod(labelView(labels))).toEqual({ namespace: 'serving', pod: 'vllm-0', container: 'vllm' });
  });

  it('takes pod labels as dcgm-exporter writes them (fixtures/gpu/dcgm/datadog), but never the exporter itself', () => {
    expect(dcgmPod(labelView({ container: 'ray-worker', namespace: 'ray-llm', pod: 'ray-1111111' }))).toEqual({ namespace: 'ray-llm', pod: 'ray-1111111', container: 'ray-worker' });
    expect(dcgmPod(labelView({ pod: 'nvidia-dcgm-exporter-x7k2p', namespace: 'gpu-operator', container: 'nvidia-dcgm-exporter' }))).toBeNull();
    expect(dcgmPod(labelView({ pod: '', namespace: '', container: '' }))).toBeNull();
  });
});
