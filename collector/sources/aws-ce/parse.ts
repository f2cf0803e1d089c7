/**
 * Cost Explorer pages → canonical cost_line rows (FOCUS 1.2 names, x_ columns). Pure: amounts stay decimal
 * strings; a group's keys are read by the GroupBy definitions of the request (tags `key$value`, untagged
 * `key$`); an `Estimated` period gives provisional rows.
 */
import type { GetCostAndUsageCommandOutput, GroupDefinition, MetricValue, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { toDecimalText } from '../../cost/decimal-text.ts';
import { gpuSpecOf } from '../../cost/gpu-catalogue.ts';
import { identifyGpuLine, instanceTypeOf } from '../../cost/instance-type.ts';

export type CePage = Pick<GetCostAndUsageCommandOutput, 'ResultsByTime' | 'GroupDefinitions' | 'NextPageToken'>;
export type CostRow = Record<string, unknown>;

/** A response Pulse cannot read: names the page, the period and the group. */
export class CeParseError extends Error {
  constructor(where: string, reason: string) {
    super(`Cost Explorer response, ${where}: ${reason}`);
    this.name = 'CeParseError';
  }
}

/** Cost Explorer record types → FOCUS ChargeCategory (when grouped by RECORD_TYPE). */
const CHARGE_CATEGORY: Record<string, string> = {
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Adjustment',
  BundledDiscount: 'Credit',
  'Enterprise Discount Program Discount': 'Credit',
  'Private Rate Card Discount': 'Credit',
  RIFee: 'Purchase',
  Fee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
};

/** A tag group key: `team$search` → ['team', 'search']; `team$` (untagged) → ['team', null]. */
export function splitTagKey(text: string): [string, string | null] {
  const at = text.indexOf('$');
  if (at < 0) return [text, null];
  const value = text.slice(at + 1);
  return [text.slice(0, at), value === '' ? null : value];
}

/** Dimension placeholders Cost Explorer uses for "none" (NoInstanceType, NoRegion, …). */
function dimensionValue(text: string): string | null {
  return /^No[A-Z][A-Za-z]*$/.test(text) || text === '' ? null : text;
}

function amount(metric: MetricValue | undefined, name: string, where: string): { amount: string; unit: string } {
  if (!metric || typeof metric.Amount !== 'string') throw new CeParseError(where, `metric ${name} is missing`);
  const text = toDecimalText(metric.Amount);
  if (text === null) throw new CeParseError(where, `metric ${name}: "${metric.Amount}" is not a decimal amount`);
  return { amount: text, unit: metric.Unit ?? '' };
}

function dateMs(text: string | undefined, where: string): number {
  const ms = text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw new CeParseError(where, `TimePeriod date "${String(text)}" is not YYYY-MM-DD`);
  return ms;
}

/** One cost_line row from a period and a group (keys by the group definitions). */
function rowOf(period: ResultByTime, metrics: Record<string, MetricValue> | undefined, keys: string[], definitions: GroupDefinition[], where: string, runId: string): CostRow {
  const start = dateMs(period.TimePeriod?.Start, where);
  const end = dateMs(period.TimePeriod?.End, where);
  const effective = amount(metrics?.['NetAmortizedCost'], 'NetAmortizedCost', where);
  const billed = amount(metrics?.['NetUnblendedCost'], 'NetUnblendedCost', where);
  const usage = amount(metrics?.['UsageQuantity'], 'UsageQuantity', where);
  if (effective.unit !== billed.unit) throw new CeParseError(where, `NetAmortizedCost is in ${effective.unit} but NetUnblendedCost in ${billed.unit}`);
  if (!/^[A-Z]{3}$/.test(effective.unit)) throw new CeParseError(where, `currency "${effective.unit}" is not an ISO 4217 code`);

  const dims: Record<string, string | null> = {};
  const tags: Record<string, string> = {};
  const categories: Record<string, string | null> = {};
  const untagged: string[] = [];
  definitions.forEach((def, i) => {
    const key = keys[i];
    if (key === undefined) throw new CeParseError(where, `group has ${keys.length} keys for ${definitions.length} GroupBy definitions`);
    if (def.Type === 'TAG') {
      const [tagKey, value] = splitTagKey(key);
      if (value === null) untagged.push(tagKey);
      else tags[tagKey] = value;
    } else if (def.Type === 'COST_CATEGORY') {
      const [name, value] = splitTagKey(key);
      categories[name] = value;
    } else {
      dims[def.Key ?? ''] = dimensionValue(key);
    }
  });

  const usageType = dims['USAGE_TYPE'] ?? null;
  const instanceType = dims['INSTANCE_TYPE'] ?? instanceTypeOf({ usageType })?.instanceType ?? null;
  const gpu = dims['INSTANCE_TYPE'] ? gpuFromInstanceType(dims['INSTANCE_TYPE']) : identifyGpuLine({ usageType });
  const recordType = dims['RECORD_TYPE'] ?? null;
  const startDate = new Date(start);
  const extra: Record<string, unknown> = {};
  if (Object.keys(categories).length > 0) extra['x_CostCategories'] = categories;
  if (untagged.length > 0) extra['x_UntaggedKeys'] = untagged;
  if (recordType) extra['x_RecordType'] = recordType;
  return {
    BillingPeriodStart: Date.UTC(startDate.getUTCFullYear(), startDate.getUTCMonth(), 1),
    BillingPeriodEnd: Date.UTC(startDate.getUTCFullYear(), startDate.getUTCMonth() + 1, 1),
    ChargePeriodStart: start,
    ChargePeriodEnd: end,
    ChargeCategory: (recordType && CHARGE_CATEGORY[recordType]) ?? 'Usage',
    BilledCost: billed.amount,
    EffectiveCost: effective.amount,
    BillingCurrency: effective.unit,
    ConsumedQuantity: usage.amount,
    ConsumedUnit: usage.unit || null,
    PricingQuantity: usage.amount,
    PricingUnit: usage.unit || null,
    ProviderName: 'AWS',
    PublisherName: 'AWS',
    InvoiceIssuerName: 'AWS',
    SubAccountId: dims['LINKED_ACCOUNT'] ?? null,
    RegionId: dims['REGION'] ?? null,
    ServiceName: dims['SERVICE'] ?? null,
    Tags: Object.keys(tags).length > 0 ? tags : null,
    x_source: 'aws-ce',
    x_ingest_run: runId,
    x_estimated: period.Estimated === true,
    x_usage_type: usageType,
    x_instance_type: instanceType,
    x_gpu_model: gpu?.gpuModel ?? null,
    x_gpus_per_instance: gpu?.gpusPerInstance ?? null,
    x_extra: Object.keys(extra).length > 0 ? extra : null,
  };
}

function gpuFromInstanceType(instanceType: string): { gpuModel: string; gpusPerInstance: number | null } | null {
  const spec = gpuSpecOf(instanceType);
  return spec ? { gpuModel: spec.gpuModel, gpusPerInstance: spec.gpusPerInstance } : null;
}

/** Rows of every period of every page. Ungrouped requests give one row per period (its Total). */
export function parseCostPages(pages: readonly CePage[], definitions: readonly GroupDefinition[], runId: string): CostRow[] {
  const rows: CostRow[] = [];
  pages.forEach((page, p) => {
    for (const period of page.ResultsByTime ?? []) {
      const where = `page ${p + 1}, period ${period.TimePeriod?.Start ?? '?'}`;
      if (definitions.length === 0) {
        rows.push(rowOf(period, period.Total, [], [], where, runId));
        continue;
      }
      for (const group of period.Groups ?? []) {
        const keys = group.Keys ?? [];
        rows.push(rowOf(period, group.Metrics, keys, [...definitions], `${where}, group ${JSON.stringify(keys)}`, runId));
      }
    }
  });
  return rows;
}
