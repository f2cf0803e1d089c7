import { describe, expect, it } from 'vitest';
import { catalogueEntries, catalogueFamilies, gpuSpecOf, GPU_FAMILIES } from './gpu-catalogue.ts';

describe('gpuSpecOf', () => {
  it('knows the GPU model and count of common types', () => {
    expect(gpuSpecOf('p5.48xlarge')).toEqual({ instanceType: 'p5.48xlarge', family: 'p5', gpuModel: 'NVIDIA H100 80GB HBM3', gpusPerInstance: 8, sagemaker: false });
    expect(gpuSpecOf('g5.4xlarge')?.gpusPerInstance).toBe(1);
    expect(gpuSpecOf('g5.12xlarge')?.gpusPerInstance).toBe(4);
    expect(gpuSpecOf('g6.48xlarge')).toMatchObject({ gpuModel: 'NVIDIA L4', gpusPerInstance: 8 });
    expect(gpuSpecOf('p4de.24xlarge')).toMatchObject({ gpuModel: 'NVIDIA A100-SXM4-80GB', gpusPerInstance: 8 });
    expect(gpuSpecOf('g3.4xlarge')).toMatchObject({ gpuModel: 'Tesla M60', gpusPerInstance: 1 });
    expect(gpuSpecOf('g4dn.metal')?.gpusPerInstance).toBe(8);
    expect(gpuSpecOf('p6-b200.48xlarge')).toMatchObject({ family: 'p6-b200', gpuModel: 'NVIDIA B200', gpusPerInstance: 8 });
    expect(gpuSpecOf('inf2.48xlarge')).toMatchObject({ gpuModel: 'AWS Inferentia2', gpusPerInstance: 12 });
  });

  it('strips SageMaker\'s ml. prefix and says so', () => {
    expect(gpuSpecOf('ml.g5.2xlarge')).toEqual({ instanceType: 'g5.2xlarge', family: 'g5', gpuModel: 'NVIDIA A10G', gpusPerInstance: 1, sagemaker: true });
  });

  it('keeps an unknown size of an accelerated family as a GPU type of unknown count', () => {
    expect(gpuSpecOf('g5.96xlarge')).toMatchObject({ gpuModel: 'NVIDIA A10G', gpusPerInstance: null });
  });

  it('returns null for other families and for text that is not an instance type', () => {
    for (const t of ['c5.2xlarge', 'm7i-flex.xlarge', 'g4', 'gp3', 'db.r5.large', '', 'p5']) expect(gpuSpecOf(t)).toBeNull();
  });

  it('covers every family SOURCES.md lists', () => {
    const listed = 'p2 p3 p3dn p4d p4de p5 p5e p5en p6 g3 g4dn g4ad g5 g5g g6 g6e gr6 inf1 inf2 trn1 trn1n trn2 dl1'.split(' ');
    for (const family of listed) expect(Object.keys(GPU_FAMILIES).some((f) => f === family || f.startsWith(`${family}-`)), family).toBe(true);
  });

  it('lists entries and families consistent with the lookup', () => {
    for (const e of catalogueEntries()) expect(gpuSpecOf(e.instance_type)).toMatchObject({ gpuModel: e.gpu_model, gpusPerInstance: e.gpus, family: e.family });
    expect(catalogueFamilies().map((f) => f.family)).toEqual(Object.keys(GPU_FAMILIES));
  });
});
