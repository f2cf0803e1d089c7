import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import { attributionRows, costSettings, priceRows } from './settings.ts';

const config = (extra: object) => configSchema.parse({ version: 1, ...extra });

describe('cost settings from pulse.yaml', () => {
  it('turns attribution rules into query rows in file order, then the ownership namespaces', () => {
    const c = config({
      attribution: {
        rules: [
          { tag: 'cost-center', value: 'ml-*', team: 'ml-platform' },
          { resource_id: 'i-0abc*', team: 'search', service: 'ranker' },
          { namespace: 'llm', service: 'llm-chat' },
          { label: 'container', value: 'embedder', service: 'embedder' },
        ],
      },
      ownership: [{ namespace: 'search', team: 'search' }],
    });
    expect(attributionRows(c)).toEqual([
      { priority: 1, kind: 'tag', key: 'cost-center', value: 'ml-*', team: 'ml-platform', service: null },
      { priority: 2, kind: 'resource_id', key: '', value: 'i-0abc*', team: 'search', service: 'ranker' },
      { priority: 3, kind: 'namespace', key: '', value: 'llm', team: null, service: 'llm-chat' },
      { priority: 4, kind: 'label', key: 'container', value: 'embedder', team: null, service: 'embedder' },
      { priority: 1000, kind: 'namespace', key: '', value: 'search', team: 'search', service: null },
    ]);
  });

  it('resolves price overrides against the GPU catalogue, keeping the decimal text', () => {
    expect(priceRows(config({ prices: [{ instance_type: 'p5.48xlarge', price_per_hour: 39.8 }, { instance_type: 'g6.xlarge', price_per_hour: '0.61', currency: 'EUR', region: 'eu-west-1' }] }))).toEqual([
      { instance_type: 'p5.48xlarge', region: '*', gpu_model: 'NVIDIA H100 80GB HBM3', gpus: 8, price_per_hour: '39.8', currency: 'USD' },
      { instance_type: 'g6.xlarge', region: 'eu-west-1', gpu_model: 'NVIDIA L4', gpus: 1, price_per_hour: '0.61', currency: 'EUR' },
    ]);
    expect(() => priceRows(config({ prices: [{ instance_type: 'm5.large', price_per_hour: 1 }] }))).toThrow('pulse.yaml prices[0]: m5.large is not a GPU instance type');
  });

  it('defaults: team / service / cluster tag keys, low volume 1000', () => {
    expect(costSettings(config({}), 42)).toEqual({
      rules: [],
      teamTags: ['team'],
      serviceTags: ['service'],
      clusterTags: ['eks:cluster-name', 'aws:eks:cluster-name', 'cluster'],
      prices: [],
      lowVolume: 1000,
      now: 42,
    });
  });
});

describe('the cost sections of the config schema', () => {
  it('accepts the Cost Explorer grouping and filter, and refuses more than two groups or a malformed filter', () => {
    const ok = configSchema.safeParse({ version: 1, aws: { group_by: ['TAG:team', 'COST_CATEGORY:Project'], filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } }, { Not: { Tags: { Key: 'env', Values: ['dev'] } } }] } } });
    expect(ok.success).toBe(true);
    expect(configSchema.safeParse({ version: 1, aws: { group_by: ['SERVICE', 'REGION', 'USAGE_TYPE'] } }).success).toBe(false);
    expect(configSchema.safeParse({ version: 1, aws: { group_by: ['AZ_NAME'] } }).success).toBe(false);
    expect(configSchema.safeParse({ version: 1, aws: { filter: { Dimensions: { Key: 'SERVICE', Values: ['x'] }, Tags: { Key: 'a' } } } }).success).toBe(false);
    expect(configSchema.safeParse({ version: 1, aws: { access_key: 'AKIA…' } }).success).toBe(false);
  });

  it('refuses an attribution rule that names no owner, and a price that is not a plain decimal', () => {
    expect(configSchema.safeParse({ version: 1, attribution: { rules: [{ namespace: 'llm' }] } }).success).toBe(false);
    expect(configSchema.safeParse({ version: 1, prices: [{ instance_type: 'p5.48xlarge', price_per_hour: '1e2' }] }).success).toBe(false);
  });
});
