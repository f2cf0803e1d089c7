/** What the cost KPIs read from pulse.yaml, in the shape their queries bind (METRICS.md, Cost). Pure. */

/** An attribution rule as the queries read it: first match (lowest priority) wins, values are globs. */
export interface AttributionRuleRow {
  priority: number;
  kind: 'tag' | 'resource_id' | 'namespace' | 'label';
  key: string;
  value: string;
  team: string | null;
  service: string | null;
}

/** A pulse.yaml price override resolved against the GPU catalogue. */
export interface PriceRow {
  instance_type: string;
  region: string;
  gpu_model: string;
  gpus: number;
  price_per_hour: string;
  currency: string;
}

export interface CostSettings {
  rules: AttributionRuleRow[];
  teamTags: string[];
  serviceTags: string[];
  clusterTags: string[];
  prices: PriceRow[];
  /** cost-per-1k: fewer requests than this in a window is low_volume. */
  lowVolume: number;
  /** The time of the query (epoch ms): days not over yet are partial. */
  now: number;
}

export function defaultCostSettings(now: number = Date.now()): CostSettings {
  return { rules: [], teamTags: ['team'], serviceTags: ['service'], clusterTags: ['eks:cluster-name', 'aws:eks:cluster-name', 'cluster'], prices: [], lowVolume: 1000, now };
}

/** The query parameters both cost KPIs share. */
export function costParams(cost: CostSettings): Record<string, string> {
  return {
    now: new Date(cost.now).toISOString(),
    rules: JSON.stringify(cost.rules),
    team_tags: JSON.stringify(cost.teamTags),
    service_tags: JSON.stringify(cost.serviceTags),
    cluster_tags: JSON.stringify(cost.clusterTags),
    prices: JSON.stringify(cost.prices),
  };
}
