import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../../test/helpers.ts';
import { DEFAULT_CONFIG } from '../../config/defaults.ts';
import { costAndUsageRequest, groupDefinition } from './request.ts';
import { restatementWindow } from './window.ts';

describe('costAndUsageRequest', () => {
  it('asks for DAILY net amortized, net unblended and usage over the window, with the configured grouping', () => {
    const filter = JSON.parse(readFileSync(join(FIXTURES, 'cost/aws-ce/ce-get-cost-and-usage.aws-cli-example.filter.json'), 'utf8')) as object;
    const request = costAndUsageRequest({ ...DEFAULT_CONFIG.aws, group_by: ['SERVICE', 'TAG:Environment'], filter }, restatementWindow(Date.parse('2017-10-02T10:00:00Z')));
    const recorded = JSON.parse(readFileSync(join(FIXTURES, 'cost/aws-ce/ce-get-cost-and-usage.aws-cli-example.request.json'), 'utf8')) as Record<string, unknown>;
    expect(request).toEqual({
      ...recorded,
      TimePeriod: { Start: '2017-09-01', End: '2017-10-02' },
      Granularity: 'DAILY',
      Metrics: ['NetAmortizedCost', 'NetUnblendedCost', 'UsageQuantity'],
    });
  });

  it('maps group keys to definitions', () => {
    expect(groupDefinition('INSTANCE_TYPE')).toEqual({ Type: 'DIMENSION', Key: 'INSTANCE_TYPE' });
    expect(groupDefinition('TAG:kubernetes.io/cluster')).toEqual({ Type: 'TAG', Key: 'kubernetes.io/cluster' });
    expect(groupDefinition('COST_CATEGORY:Project')).toEqual({ Type: 'COST_CATEGORY', Key: 'Project' });
  });
});
