/** The GetCostAndUsage request Pulse sends (SOURCES.md, AWS Cost Explorer). Pure. */
import type { Expression, GetCostAndUsageCommandInput, GroupDefinition } from '@aws-sdk/client-cost-explorer';
import type { AwsConfig } from '../../config/cost.ts';
import type { SyncWindow } from './window.ts';

/** Amortized after discounts (the KPI basis, FOCUS EffectiveCost), unblended after discounts (BilledCost), usage. */
export const METRICS = ['NetAmortizedCost', 'NetUnblendedCost', 'UsageQuantity'] as const;

/**
 * Without a filter in pulse.yaml, tax, credits and refunds are left out: METRICS.md excludes tax and keeps credits
 * and adjustments off, and Cost Explorer would otherwise fold them into the groups' amounts.
 */
export const DEFAULT_FILTER: Expression = { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Tax', 'Credit', 'Refund'] } } };

/** 'SERVICE' → DIMENSION SERVICE; 'TAG:team' → TAG team; 'COST_CATEGORY:Project' → COST_CATEGORY Project. */
export function groupDefinition(key: string): GroupDefinition {
  if (key.startsWith('TAG:')) return { Type: 'TAG', Key: key.slice(4) };
  if (key.startsWith('COST_CATEGORY:')) return { Type: 'COST_CATEGORY', Key: key.slice('COST_CATEGORY:'.length) };
  return { Type: 'DIMENSION', Key: key };
}

export function costAndUsageRequest(config: AwsConfig, window: SyncWindow): GetCostAndUsageCommandInput {
  return {
    TimePeriod: { Start: window.start, End: window.end },
    Granularity: 'DAILY',
    Metrics: [...METRICS],
    GroupBy: config.group_by.map(groupDefinition),
    Filter: config.filter ?? DEFAULT_FILTER,
  };
}
