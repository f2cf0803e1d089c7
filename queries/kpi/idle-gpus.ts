/** `pulse kpi idle-gpus` (METRICS.md, GPU): one row per idle episode. */
import type { KpiRequest, PlainRow } from '../contract.ts';
import { defaultCostSettings } from './cost-settings.ts';
import { minuteStateParams, type KpiDefinition } from './definition.ts';

export const CLASSES = ['partial', 'warm', 'allocated', 'unallocated'] as const;

export const idleGpus: KpiDefinition = {
  query: 'idle-gpus',
  // Rows are episodes: there is nothing to group.
  groupBy: [],
  describe: 'idle episodes (≥ min_minutes idle minutes on one GPU or MIG instance): holder, class, start, end, GPU-hours, cost, evidence',
  params: (request, settings) => {
    const t = settings.gpuThresholds;
    // Priced like gpu-spend: the same cost data, price overrides and cluster tags (queries/idle-gpus.sql, Cost).
    const cost = settings.cost ?? defaultCostSettings();
    return {
      from: request.from,
      to: request.to,
      min_minutes: t.min_idle_minutes,
      ...minuteStateParams(t),
      warm_memory_mib: t.warm_memory_mib,
      warm_memory_share: t.warm_memory_share,
      prices: JSON.stringify(cost.prices),
      cluster_tags: JSON.stringify(cost.clusterTags),
    };
  },
  notes: idleNotes,
};

/** The first whole minute at or after t (epoch ms): minute m is in [from, to) when from ≤ m < to. */
function ceilMinute(t: number): number {
  return Math.ceil(t / 60_000) * 60_000;
}

/**
 * Summary lines: totals per class, what lies outside the window, ongoing episodes, where prices come from and which
 * are missing. The GPU-hours inside the window are the minutes of each episode in [from, to) × its share: what
 * gpu-spend counts as idle_gpu_hours for the same window. Pure.
 */
export function idleNotes(rows: PlainRow[], request: KpiRequest): string[] {
  if (rows.length === 0) return ['no idle episodes overlap the window'];
  const from = ceilMinute(Date.parse(request.from));
  const to = ceilMinute(Date.parse(request.to));
  let total = 0;
  let inWindow = 0;
  let ongoing = 0;
  const perClass = new Map<string, { episodes: number; hours: number }>();
  const unpriced = new Set<string>();
  const sources = new Set<string>();
  for (const row of rows) {
    const hours = typeof row['gpu_hours'] === 'number' ? row['gpu_hours'] : 0;
    const minutes = typeof row['idle_minutes'] === 'number' ? row['idle_minutes'] : 0;
    const start = Date.parse(String(row['start']));
    const end = start + minutes * 60_000;
    total += hours;
    if (minutes > 0) inWindow += (hours * Math.max(0, Math.min(end, to) - Math.max(start, from))) / (end - start);
    if (row['end'] === null) ongoing++;
    const cls = String(row['class']);
    const c = perClass.get(cls) ?? { episodes: 0, hours: 0 };
    c.episodes++;
    c.hours += hours;
    perClass.set(cls, c);
    if (row['cost'] === null) unpriced.add(`${String(row['cluster'])}/${String(row['model'])}`);
    const price = (row['evidence'] as Record<string, unknown> | null)?.['price'] as Record<string, unknown> | undefined;
    if (typeof price?.['source'] === 'string') sources.add(price['source'].replace(/:.*/, ''));
  }
  const notes = [
    `${rows.length} idle episodes, ${round(total)} idle GPU-hours: ` +
      CLASSES.filter((c) => perClass.has(c))
        .map((c) => `${c} ${perClass.get(c)?.episodes ?? 0} (${round(perClass.get(c)?.hours ?? 0)} GPU-hours)`)
        .join(', '),
  ];
  if (round(total) !== round(inWindow)) {
    notes.push(`episodes are reported whole: ${round(inWindow)} of the ${round(total)} idle GPU-hours fall inside the window`);
  }
  if (ongoing > 0) notes.push(`${ongoing} episodes are still ongoing (end null): idle up to the newest telemetry`);
  if (sources.size > 0) {
    notes.push(`cost: GPU-hours × the GPU-hour price of the cluster and model over the window, as gpu-spend prices idle time (from ${[...sources].sort().join(', ')})`);
  }
  if (unpriced.size > 0) {
    notes.push(`cost is null for ${[...unpriced].sort().join(', ')}: no cost data in the window and no price list entry for the model (evidence.price says why)`);
  }
  return notes;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
