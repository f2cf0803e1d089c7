import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../../test/helpers.ts';
import { parseCostPages, splitTagKey, type CePage } from './parse.ts';

const recorded = JSON.parse(readFileSync(join(FIXTURES, 'cost/aws-ce/ce-get-cost-and-usage.aws-cli-example.json'), 'utf8')) as CePage & { GroupDefinitions: { Type: 'DIMENSION' | 'TAG'; Key: string }[] };

/** The recorded aws-cli response with the metrics Pulse requests (same amounts, same shapes). */
function withPulseMetrics(page: CePage): CePage {
  return {
    ...page,
    ResultsByTime: page.ResultsByTime?.map((p) => ({
      ...p,
      Groups: p.Groups?.map((g) => ({
        ...g,
        Metrics: { NetAmortizedCost: g.Metrics?.['BlendedCost'], NetUnblendedCost: g.Metrics?.['UnblendedCost'], UsageQuantity: g.Metrics?.['UsageQuantity'] } as never,
      })),
    })),
  };
}

describe('splitTagKey', () => {
  it('splits key$value and reads key$ as untagged', () => {
    expect(splitTagKey('Environment$Dev')).toEqual(['Environment', 'Dev']);
    expect(splitTagKey('Environment$')).toEqual(['Environment', null]);
    expect(splitTagKey('a$b$c')).toEqual(['a', 'b$c']);
  });
});

describe('parseCostPages', () => {
  it('reads the recorded response: tags from key$value, untagged kept apart, amounts as exact strings', () => {
    const rows = parseCostPages([withPulseMetrics(recorded)], recorded.GroupDefinitions, 'run-1');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      ServiceName: 'Amazon Simple Storage Service',
      Tags: null,
      EffectiveCost: '40.3527508453',
      BilledCost: '40.3543773134',
      ConsumedQuantity: '9312771.098461578',
      ConsumedUnit: 'N/A',
      BillingCurrency: 'USD',
      ChargePeriodStart: Date.parse('2017-09-01T00:00:00Z'),
      ChargePeriodEnd: Date.parse('2017-10-01T00:00:00Z'),
      x_extra: { x_UntaggedKeys: ['Environment'] },
      x_source: 'aws-ce',
      x_ingest_run: 'run-1',
      x_estimated: false,
    });
    expect(rows[1]).toMatchObject({ Tags: { Environment: 'Dev' }, EffectiveCost: '0.2682364644', x_extra: null });
  });

  it('names the page, the period, the group and the metric it cannot read', () => {
    expect(() => parseCostPages([recorded], recorded.GroupDefinitions, 'r')).toThrow(
      'Cost Explorer response, page 1, period 2017-09-01, group ["Amazon Simple Storage Service","Environment$"]: metric NetAmortizedCost is missing',
    );
    const bad = withPulseMetrics(recorded);
    const group = bad.ResultsByTime?.[0]?.Groups?.[0];
    if (group?.Metrics?.['NetAmortizedCost']) group.Metrics['NetAmortizedCost'].Amount = '12,5';
    expect(() => parseCostPages([bad], recorded.GroupDefinitions, 'r')).toThrow(/NetAmortizedCost: "12,5" is not a decimal amount/);
  });

  it('gives one row per period from Total when ungrouped, and maps record types and cost categories', () => {
    const total = { NetAmortizedCost: { Amount: '1.5', Unit: 'USD' }, NetUnblendedCost: { Amount: '2', Unit: 'USD' }, UsageQuantity: { Amount: '3', Unit: 'N/A' } };
    expect(parseCostPages([{ ResultsByTime: [{ TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Total: total, Groups: [], Estimated: true }] }], [], 'r')).toEqual([
      expect.objectContaining({ EffectiveCost: '1.5', BilledCost: '2', x_estimated: true, ChargeCategory: 'Usage' }),
    ]);
    const rows = parseCostPages(
      [{ ResultsByTime: [{ TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Total: {}, Groups: [{ Keys: ['SavingsPlanRecurringFee', 'Project$Alpha'], Metrics: total }] }] }],
      [
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
        { Type: 'COST_CATEGORY', Key: 'Project' },
      ],
      'r',
    );
    expect(rows[0]).toMatchObject({ ChargeCategory: 'Purchase', x_extra: { x_CostCategories: { Project: 'Alpha' }, x_RecordType: 'SavingsPlanRecurringFee' } });
  });

  it('identifies GPU groups by instance type and reads NoInstanceType as none', () => {
    const metrics = { NetAmortizedCost: { Amount: '1', Unit: 'USD' }, NetUnblendedCost: { Amount: '1', Unit: 'USD' }, UsageQuantity: { Amount: '1', Unit: 'Hrs' } };
    const rows = parseCostPages(
      [{ ResultsByTime: [{ TimePeriod: { Start: '2026-10-01', End: '2026-10-02' }, Groups: [{ Keys: ['g6e.12xlarge'], Metrics: metrics }, { Keys: ['NoInstanceType'], Metrics: metrics }] }] }],
      [{ Type: 'DIMENSION', Key: 'INSTANCE_TYPE' }],
      'r',
    );
    expect(rows.map((r) => [r['x_instance_type'], r['x_gpu_model'], r['x_gpus_per_instance']])).toEqual([
      ['g6e.12xlarge', 'NVIDIA L40S', 4],
      [null, null, null],
    ]);
  });
});
