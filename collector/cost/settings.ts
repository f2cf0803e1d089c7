/** pulse.yaml → the cost KPIs' settings: attribution rules in query shape, price overrides resolved. Pure. */
import type { PulseConfig } from '../config/schema.ts';
import type { AttributionRuleRow, CostSettings, PriceRow } from '../../queries/kpi/cost-settings.ts';
import { gpuSpecOf } from './gpu-catalogue.ts';

/** Attribution rules first (file order), then the `ownership` namespace rules. */
export function attributionRows(config: PulseConfig): AttributionRuleRow[] {
  const rules = config.attribution.rules.map((rule, i): AttributionRuleRow => {
    const owner = { priority: i + 1, team: rule.team ?? null, service: rule.service ?? null };
    if ('tag' in rule) return { ...owner, kind: 'tag', key: rule.tag, value: rule.value };
    if ('resource_id' in rule) return { ...owner, kind: 'resource_id', key: '', value: rule.resource_id };
    if ('namespace' in rule) return { ...owner, kind: 'namespace', key: '', value: rule.namespace };
    return { ...owner, kind: 'label', key: rule.label, value: rule.value };
  });
  const ownership = config.ownership.map((o, i): AttributionRuleRow => ({ priority: 1000 + i, kind: 'namespace', key: '', value: o.namespace, team: o.team, service: o.service ?? null }));
  return [...rules, ...ownership];
}

/** Overrides of GPU instance types (others cannot price a GPU-hour and are refused). */
export function priceRows(config: PulseConfig): PriceRow[] {
  return config.prices.map((p, i) => {
    const spec = gpuSpecOf(p.instance_type);
    if (!spec || spec.gpusPerInstance === null) throw new Error(`pulse.yaml prices[${i}]: ${p.instance_type} is not a GPU instance type Pulse knows the GPU count of`);
    return { instance_type: spec.instanceType, region: p.region, gpu_model: spec.gpuModel, gpus: spec.gpusPerInstance, price_per_hour: p.price_per_hour, currency: p.currency };
  });
}

export function costSettings(config: PulseConfig, now: number = Date.now()): CostSettings {
  return {
    rules: attributionRows(config),
    teamTags: config.attribution.team_tags,
    serviceTags: config.attribution.service_tags,
    clusterTags: config.attribution.cluster_tags,
    prices: priceRows(config),
    lowVolume: config.inference.low_volume,
    now,
  };
}
