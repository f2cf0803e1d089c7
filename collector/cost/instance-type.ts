/**
 * Finding the instance type of a cost line (SOURCES.md, FOCUS GPU lines): from `SkuPriceDetails.InstanceType`,
 * the AWS usage type (`USE1-BoxUsage:g5.4xlarge`, SageMaker `USE1-Host:ml.g5.xlarge`) or the charge
 * description (`$1.624 per On Demand Linux g5.4xlarge Instance Hour`). Only instance-hour lines count: an
 * EBS-optimized or data-transfer line that names an instance type is not an instance.
 *
 * The patterns are RE2- and JavaScript-compatible strings, so the FOCUS import (DuckDB SQL) and the Cost
 * Explorer path (TypeScript) identify the same lines. Pure.
 */
import { gpuSpecOf } from './gpu-catalogue.ts';

/** An instance type such as `g5.4xlarge`, `p6-b200.48xlarge`, `ml.g5.xlarge` or `g4dn.metal`. */
export const INSTANCE_TYPE = '(?:ml\\.)?[a-z][a-z0-9]*(?:-[a-z0-9]+)*\\.(?:[0-9]*xlarge|large|medium|small|micro|nano|metal(?:-[0-9]+xl)?)';

/** Usage types of running instances (EC2 and SageMaker); group 1 is the instance type. */
export const USAGE_TYPE_PATTERN =
  '^(?:[A-Z]{2,4}[0-9]?-)?(?:BoxUsage|SpotUsage|DedicatedUsage|HostBoxUsage|HostUsage|ReservedHostUsage|UnusedBox|UnusedDed|SchedUsage|Host|Train|TrainSpot|Notebk|Processing)(?:-[A-Za-z0-9]+)?:(' +
  INSTANCE_TYPE +
  ')$';

/** Instance-hour charge descriptions; group 1 is the instance type. */
export const DESCRIPTION_PATTERN = '(' + INSTANCE_TYPE + ')\\s+(?:[A-Za-z]+\\s+)?(?:[Ii]nstance[- ][Hh]ours?|[Hh]ours?\\b|[Rr]eserved [Ii]nstance)';

/** Descriptions that name an instance type without being instance hours. */
export const NOT_INSTANCE_HOURS_PATTERN = 'Mbps|EBS|[Dd]ata [Tt]ransfer';

const TYPE_ONLY = new RegExp(`^${INSTANCE_TYPE}$`);
const USAGE_TYPE = new RegExp(USAGE_TYPE_PATTERN);
const DESCRIPTION = new RegExp(DESCRIPTION_PATTERN);
const NOT_INSTANCE_HOURS = new RegExp(NOT_INSTANCE_HOURS_PATTERN);

export interface LineHints {
  /** FOCUS 1.2 SkuPriceDetails: a JSON object (or its text). */
  skuPriceDetails?: unknown;
  usageType?: string | null;
  chargeDescription?: string | null;
}

export type InstanceTypeSource = 'sku_price_details' | 'usage_type' | 'charge_description';

export interface GpuLine {
  instanceType: string;
  gpuModel: string;
  gpusPerInstance: number | null;
  source: InstanceTypeSource;
}

function skuDetails(value: unknown): Record<string, unknown> | null {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

/** The instance type an instance-hour line is for, and where it was found; null for other lines. */
export function instanceTypeOf(hints: LineHints): { instanceType: string; source: InstanceTypeSource } | null {
  const fromSku = skuDetails(hints.skuPriceDetails)?.['InstanceType'];
  if (typeof fromSku === 'string' && TYPE_ONLY.test(fromSku)) return { instanceType: fromSku, source: 'sku_price_details' };
  const fromUsage = hints.usageType ? USAGE_TYPE.exec(hints.usageType)?.[1] : undefined;
  if (fromUsage) return { instanceType: fromUsage, source: 'usage_type' };
  const description = hints.chargeDescription ?? '';
  if (!NOT_INSTANCE_HOURS.test(description)) {
    const fromDescription = DESCRIPTION.exec(description)?.[1];
    if (fromDescription) return { instanceType: fromDescription, source: 'charge_description' };
  }
  return null;
}

/** A GPU instance line: its type, GPU model and GPUs per instance (SkuPriceDetails.GpuCount wins); else null. */
export function identifyGpuLine(hints: LineHints): GpuLine | null {
  const found = instanceTypeOf(hints);
  if (!found) return null;
  const spec = gpuSpecOf(found.instanceType);
  if (!spec) return null;
  const count = skuDetails(hints.skuPriceDetails)?.['GpuCount'];
  const gpus = typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : spec.gpusPerInstance;
  return { instanceType: found.instanceType, gpuModel: spec.gpuModel, gpusPerInstance: gpus, source: found.source };
}
