import { describe, expect, it } from 'vitest';
import { identifyGpuLine, instanceTypeOf } from './instance-type.ts';

describe('instanceTypeOf', () => {
  it('reads SkuPriceDetails.InstanceType first (object or JSON text)', () => {
    expect(instanceTypeOf({ skuPriceDetails: { InstanceType: 'p5.48xlarge' }, usageType: 'BoxUsage:g5.xlarge' })).toEqual({ instanceType: 'p5.48xlarge', source: 'sku_price_details' });
    expect(instanceTypeOf({ skuPriceDetails: '{"InstanceType":"g6.xlarge"}' })?.instanceType).toBe('g6.xlarge');
    expect(instanceTypeOf({ skuPriceDetails: '{not json', usageType: 'USE1-BoxUsage:g5.4xlarge' })?.source).toBe('usage_type');
  });

  it('reads running-instance usage types, with or without a region prefix, and SageMaker ones', () => {
    expect(instanceTypeOf({ usageType: 'BoxUsage:g5.4xlarge' })?.instanceType).toBe('g5.4xlarge');
    expect(instanceTypeOf({ usageType: 'EUC1-SpotUsage:p4d.24xlarge' })?.instanceType).toBe('p4d.24xlarge');
    expect(instanceTypeOf({ usageType: 'USE1-Host:ml.g5.xlarge' })?.instanceType).toBe('ml.g5.xlarge');
    expect(instanceTypeOf({ usageType: 'USW2-EBSOptimized:g5.4xlarge' })).toBeNull();
    expect(instanceTypeOf({ usageType: 'USE1-DataTransfer-Out-Bytes' })).toBeNull();
  });

  it('reads instance-hour charge descriptions but not EBS-optimized ones', () => {
    expect(instanceTypeOf({ chargeDescription: '$1.624 per On Demand Linux g5.4xlarge Instance Hour' })).toEqual({ instanceType: 'g5.4xlarge', source: 'charge_description' });
    expect(instanceTypeOf({ chargeDescription: '$0.19152 per On Demand Linux m7i-flex.xlarge Instance Hour' })?.instanceType).toBe('m7i-flex.xlarge');
    expect(instanceTypeOf({ chargeDescription: 'USD 0.0 per Linux/UNIX (Amazon VPC), g5.xlarge reserved instance applied' })?.instanceType).toBe('g5.xlarge');
    expect(instanceTypeOf({ chargeDescription: '$1.4084 per Hosting ml.g5.xlarge hour in US East (N. Virginia)' })?.instanceType).toBe('ml.g5.xlarge');
    expect(instanceTypeOf({ chargeDescription: '$0.00 for 4245 Mbps per c6a.4xlarge instance-hour (or partial hour)' })).toBeNull();
    expect(instanceTypeOf({ chargeDescription: '$0.63 per GB of vended logs ingested in Standard log class' })).toBeNull();
    expect(instanceTypeOf({})).toBeNull();
  });
});

describe('identifyGpuLine', () => {
  it('gives the GPU model and count from the catalogue', () => {
    expect(identifyGpuLine({ chargeDescription: '$1.14 per On Demand Linux g3.4xlarge Instance Hour' })).toEqual({
      instanceType: 'g3.4xlarge',
      gpuModel: 'Tesla M60',
      gpusPerInstance: 1,
      source: 'charge_description',
    });
  });

  it('prefers SkuPriceDetails.GpuCount over the catalogue', () => {
    expect(identifyGpuLine({ skuPriceDetails: { InstanceType: 'p5.48xlarge', GpuCount: 4 } })?.gpusPerInstance).toBe(4);
  });

  it('is null for instance lines of non-accelerated families', () => {
    expect(identifyGpuLine({ usageType: 'BoxUsage:c5.2xlarge' })).toBeNull();
  });
});
