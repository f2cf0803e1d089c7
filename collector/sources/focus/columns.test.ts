import { describe, expect, it } from 'vitest';
import { planColumns } from './columns.ts';

const MANDATORY = ['BillingPeriodStart', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'BilledCost', 'EffectiveCost', 'BillingCurrency', 'ProviderName'];

describe('planColumns', () => {
  it('maps FOCUS names case-insensitively, the AWS usage type to its column, and keeps the rest for x_extra', () => {
    const plan = planColumns('f.csv', [...MANDATORY, 'SkuPriceid', 'x_UsageType', 'x_Discounts', 'Id'], {});
    expect(plan.mapped.find((m) => m.source === 'SkuPriceid')).toEqual({ source: 'SkuPriceid', target: 'SkuPriceId', kind: 'varchar' });
    expect(plan.mapped.find((m) => m.source === 'x_UsageType')).toEqual({ source: 'x_UsageType', target: 'x_usage_type', kind: 'varchar' });
    expect(plan.mapped.find((m) => m.source === 'BilledCost')?.kind).toBe('decimal');
    expect(plan.mapped.find((m) => m.source === 'ChargePeriodStart')?.kind).toBe('timestamp');
    expect(plan.extra).toEqual(['x_Discounts', 'Id']);
  });

  it('names every missing mandatory column, and what can stand in for two of them', () => {
    expect(() => planColumns('spec.csv', ['BillingPeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'BilledCost'], {})).toThrow(
      'spec.csv: missing mandatory FOCUS columns ChargePeriodStart, EffectiveCost, BillingCurrency, ProviderName (BillingCurrency and ProviderName can be given with --currency and --provider)',
    );
    expect(() => planColumns('spec.csv', MANDATORY.filter((c) => c !== 'ProviderName' && c !== 'BillingCurrency'), { BillingCurrency: 'USD', ProviderName: 'X' })).not.toThrow();
    expect(() => planColumns('a.csv', MANDATORY.filter((c) => c !== 'EffectiveCost'), {})).toThrow('a.csv: missing mandatory FOCUS column EffectiveCost');
  });

  it('refuses two columns that name the same FOCUS column', () => {
    expect(() => planColumns('d.csv', [...MANDATORY, 'billedcost'], {})).toThrow('d.csv: columns "BilledCost" and "billedcost" both name BilledCost');
  });
});
