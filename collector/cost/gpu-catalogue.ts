/**
 * Accelerated instance types: which GPU (or AI accelerator) an instance type carries and how many. Pure data
 * and lookups, shared by the Cost Explorer and FOCUS paths. Model names are the names nvidia-smi and DCGM
 * report (`modelName`), so cost lines join GPU telemetry on (cluster, model).
 *
 * Families from SOURCES.md: p2 p3 p3dn p4d p4de p5 p5e p5en p6 g3 g4dn g4ad g5 g5g g6 g6e gr6 inf1 inf2 trn1
 * trn1n trn2 dl1, and the same types behind SageMaker's `ml.` prefix. Accelerator counts per size are from
 * the EC2 instance type pages (accelerated computing), as of 2026-06.
 */

export interface GpuSpec {
  /** The instance type without SageMaker's `ml.` prefix. */
  instanceType: string;
  family: string;
  gpuModel: string;
  /** null for a size the catalogue does not know (the family is still accelerated). */
  gpusPerInstance: number | null;
  sagemaker: boolean;
}

interface Family {
  model: string;
  sizes: Record<string, number>;
}

const SINGLE_TO_16 = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1 };
const G5_LIKE = { ...SINGLE_TO_16, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 };

export const GPU_FAMILIES: Readonly<Record<string, Family>> = {
  p2: { model: 'Tesla K80', sizes: { xlarge: 1, '8xlarge': 8, '16xlarge': 16 } },
  p3: { model: 'Tesla V100-SXM2-16GB', sizes: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  p3dn: { model: 'Tesla V100-SXM2-32GB', sizes: { '24xlarge': 8 } },
  p4d: { model: 'NVIDIA A100-SXM4-40GB', sizes: { '24xlarge': 8 } },
  p4de: { model: 'NVIDIA A100-SXM4-80GB', sizes: { '24xlarge': 8 } },
  p5: { model: 'NVIDIA H100 80GB HBM3', sizes: { '4xlarge': 1, '48xlarge': 8 } },
  p5e: { model: 'NVIDIA H200', sizes: { '48xlarge': 8 } },
  p5en: { model: 'NVIDIA H200', sizes: { '48xlarge': 8 } },
  'p6-b200': { model: 'NVIDIA B200', sizes: { '48xlarge': 8 } },
  'p6-b300': { model: 'NVIDIA B300', sizes: { '48xlarge': 8 } },
  g3: { model: 'Tesla M60', sizes: { '4xlarge': 1, '8xlarge': 2, '16xlarge': 4 } },
  g4dn: { model: 'Tesla T4', sizes: { ...SINGLE_TO_16, '12xlarge': 4, metal: 8 } },
  g4ad: { model: 'AMD Radeon Pro V520', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 2, '16xlarge': 4 } },
  g5: { model: 'NVIDIA A10G', sizes: G5_LIKE },
  g5g: { model: 'NVIDIA T4G', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 2, metal: 2 } },
  g6: { model: 'NVIDIA L4', sizes: G5_LIKE },
  g6e: { model: 'NVIDIA L40S', sizes: G5_LIKE },
  gr6: { model: 'NVIDIA L4', sizes: { '4xlarge': 1, '8xlarge': 1 } },
  inf1: { model: 'AWS Inferentia', sizes: { xlarge: 1, '2xlarge': 1, '6xlarge': 4, '24xlarge': 16 } },
  inf2: { model: 'AWS Inferentia2', sizes: { xlarge: 1, '8xlarge': 1, '24xlarge': 6, '48xlarge': 12 } },
  trn1: { model: 'AWS Trainium', sizes: { '2xlarge': 1, '32xlarge': 16 } },
  trn1n: { model: 'AWS Trainium', sizes: { '32xlarge': 16 } },
  trn2: { model: 'AWS Trainium2', sizes: { '48xlarge': 16 } },
  dl1: { model: 'Habana Gaudi HL-205', sizes: { '24xlarge': 8 } },
};

/** The family of an instance type: `p6-b200.48xlarge` → `p6-b200`, `ml.g5.xlarge` → `g5`. */
function splitType(instanceType: string): { family: string; size: string; sagemaker: boolean } | null {
  const match = /^(ml\.)?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z0-9-]+)$/.exec(instanceType.trim().toLowerCase());
  if (!match) return null;
  return { sagemaker: match[1] !== undefined, family: match[2] ?? '', size: match[3] ?? '' };
}

/** The GPU spec of an instance type, or null when it is not an accelerated type. */
export function gpuSpecOf(instanceType: string): GpuSpec | null {
  const parts = splitType(instanceType);
  if (!parts) return null;
  const family = GPU_FAMILIES[parts.family];
  if (!family) return null;
  return {
    instanceType: `${parts.family}.${parts.size}`,
    family: parts.family,
    gpuModel: family.model,
    gpusPerInstance: family.sizes[parts.size] ?? null,
    sagemaker: parts.sagemaker,
  };
}

/** Every known accelerated instance type (without `ml.`), for SQL joins and the price list's checks. */
export function catalogueEntries(): { instance_type: string; family: string; gpu_model: string; gpus: number }[] {
  return Object.entries(GPU_FAMILIES).flatMap(([family, spec]) =>
    Object.entries(spec.sizes).map(([size, gpus]) => ({ instance_type: `${family}.${size}`, family, gpu_model: spec.model, gpus })),
  );
}

/** The accelerated families with their model, for sizes the catalogue does not list. */
export function catalogueFamilies(): { family: string; gpu_model: string }[] {
  return Object.entries(GPU_FAMILIES).map(([family, spec]) => ({ family, gpu_model: spec.model }));
}
