/**
 * The demo's GPU plan: for every unit of observation (a GPU, or a MIG instance) a timeline of segments saying
 * what the GPU does, and the pods holding it. Telemetry minutes are derived from the plan (gpu-minutes.ts), and
 * the golden tests compute expected KPIs from the plan itself, independently of the SQL.
 *
 * Times are epoch minutes. Segments of a unit are sorted, contiguous and cover [unit.firstSeen, end).
 */
import { CLUSTERS, MIG_LAYOUT, MIG_TOTAL_SLICES, MODELS, type ModelKey } from './world.ts';
import { between, hexId, rng } from './rng.ts';

export type SegmentState = 'busy' | 'idle' | 'stuck' | 'sentinel' | 'gap';

export interface Segment {
  start: number;
  end: number;
  state: SegmentState;
  /** Mean activity at the daily peak while busy (0..1). */
  level: number;
  /** Serving traffic follows the day; training runs flat. */
  pattern: 'diurnal' | 'flat';
  memMib: number;
}

export interface Unit {
  key: string;
  uuid: string;
  instance: string;
  /** Fraction of the physical GPU: 1, or the MIG slice share. */
  share: number;
  migProfile: string | null;
  cluster: string;
  region: string;
  node: string;
  index: number;
  modelKey: ModelKey;
  firstSeen: number;
  /** Distinct per unit, feeds the stateless noise. */
  seed: number;
}

export interface Allocation {
  unitKey: string;
  namespace: string;
  pod: string;
  container: string;
  podGpus: number;
  share: number;
  start: number;
  end: number | null;
}

export interface GpuPlan {
  start: number;
  end: number;
  units: Unit[];
  segments: Map<string, Segment[]>;
  allocations: Allocation[];
}

const HOUR = 60;
const DAY = 1440;

export function unitKey(uuid: string, instance: string): string {
  return `${uuid}/${instance}`;
}

/** Builds the GPU plan for [start, end) (epoch minutes; start is a UTC midnight). */
export function buildGpuPlan(seed: number, start: number, end: number): GpuPlan {
  const random = rng(seed * 7919 + 17);
  const plan: GpuPlan = { start, end, units: [], segments: new Map(), allocations: [] };
  const days = Math.round((end - start) / DAY);
  const endDay = start + days * DAY;

  // Units: every GPU of every node; one A100 split into MIG instances.
  let unitSeed = seed * 1000;
  for (const cluster of CLUSTERS) {
    for (let n = 1; n <= cluster.nodes; n++) {
      const node = `${cluster.name}-node-${n}`;
      const late = n === cluster.nodes && cluster.lateNodeDays !== undefined && cluster.lateNodeDays < days;
      const firstSeen = late ? endDay - (cluster.lateNodeDays as number) * DAY : start;
      for (let index = 0; index < 8; index++) {
        const uuid = `GPU-${hexId(`${seed}:${node}:${index}`, 8)}-${hexId(`${node}/${index}`, 4)}-${hexId(`${index}`, 4)}-${hexId(`${seed}${node}`, 12)}`;
        const base = { uuid, cluster: cluster.name, region: cluster.region, node, index, modelKey: cluster.model, firstSeen };
        if (cluster.model === 'a100' && n === cluster.nodes && index === 7) {
          for (const mig of MIG_LAYOUT) {
            plan.units.push({ ...base, key: unitKey(uuid, mig.instance), instance: mig.instance, share: mig.slices / MIG_TOTAL_SLICES, migProfile: mig.profile, seed: ++unitSeed });
          }
        } else {
          plan.units.push({ ...base, key: unitKey(uuid, ''), instance: '', share: 1, migProfile: null, seed: ++unitSeed });
        }
        }
    }
  }
  for (const u of plan.units) plan.segments.set(u.key, [{ start: u.firstSeen, end, state: 'idle', level: 0, pattern: 'flat', memMib: 0 }]);

  const unit = (node: string, index: number, instance = ''): Unit => {
    const found = plan.units.find((u) => u.node === node && u.index === index && u.instance === instance);
    if (!found) throw new Error(`demo plan: no unit ${node}/${index}/${instance}`);
    return found;
  };
  const paint = (u: Unit, from: number, to: number, patch: Partial<Segment> & { state: SegmentState }): void => {
    paintSegments(plan.segments.get(u.key) as Segment[], Math.max(from, u.firstSeen), Math.min(to, end), patch);
  };
  const allocate = (u: Unit, a: Omit<Allocation, 'unitKey' | 'start' | 'end' | 'share' | 'podGpus'> & Partial<Allocation>, from: number, to: number | null): void => {
    const s = Math.max(from, u.firstSeen);
    if (to !== null && to <= s) return;
    plan.allocations.push({ unitKey: u.key, share: 1, podGpus: 1, ...a, start: s, end: to !== null && to >= end ? null : to });
  };
  const serve = (u: Unit, service: string, namespace: string, pod: string, level: number, memMib: number, extra: Partial<Allocation> = {}): void => {
    paint(u, u.firstSeen, end, { state: 'busy', level, pattern: 'diurnal', memMib });
    allocate(u, { namespace, pod, container: service, ...extra }, u.firstSeen, null);
    // Short traffic dips (under 30 minutes): idle minutes that never make an idle episode.
    for (let d = start; d < end; d += DAY) {
      if (random() < 0.3) {
        const at = d + Math.floor(between(random, 1, 5) * HOUR);
        paint(u, at, at + Math.floor(between(random, 10, 25)), { state: 'idle', level: 0, pattern: 'flat', memMib });
      }
    }
  };
  const train = (units: Unit[], namespace: string, job: string, jobHours: [number, number], gapHours: [number, number]): void => {
    let t = start + Math.floor(between(random, 0, 6) * HOUR);
    let n = 0;
    while (t < end) {
      const runEnd = t + Math.floor(between(random, jobHours[0], jobHours[1]) * HOUR);
      const level = between(random, 0.82, 0.95);
      n++;
      for (const u of units) {
        paint(u, t, runEnd, { state: 'busy', level, pattern: 'flat', memMib: Math.floor(MODELS[u.modelKey].memoryMib * 0.9) });
        allocate(u, { namespace, pod: `${job}-${n}`, container: 'trainer', podGpus: units.length }, t, runEnd);
      }
      t = runEnd + Math.floor(between(random, gapHours[0], gapHours[1]) * HOUR);
    }
  };

  // prod-us-east (H100): serving, an LLM server with a warm idle canary, a forgotten notebook, fine-tuning.
  const east = (n: number): string => `prod-us-east-node-${n}`;
  for (let i = 0; i < 4; i++) serve(unit(east(1), i), 'ranker', 'search', `ranker-5d8f7-${i}`, 0.7, 30_000);
  for (let i = 4; i < 8; i++) serve(unit(east(1), i), 'recommender', 'recsys', `recommender-7b9c4-${i - 4}`, 0.6, 24_000);
  for (let i = 0; i < 4; i++) serve(unit(east(2), i), 'llm-chat', 'llm', 'llm-chat-0', 0.75, 72_000, { podGpus: 4 });
  // Canary: model loaded (warm), traffic only in short trials: long warm idle stretches.
  for (const i of [4, 5]) {
    const u = unit(east(2), i);
    allocate(u, { namespace: 'llm', pod: 'llm-chat-canary-0', container: 'llm-chat', podGpus: 2 }, start + DAY, null);
    paint(u, start + DAY, end, { state: 'idle', level: 0, pattern: 'flat', memMib: 61_000 });
    for (let d = start + 3 * DAY; d < end; d += 4 * DAY) paint(u, d + 14 * HOUR, d + 17 * HOUR, { state: 'busy', level: 0.5, pattern: 'diurnal', memMib: 63_000 });
  }
  // A notebook holding an H100 for three days, ten days before the end, doing almost nothing.
  {
    const u = unit(east(2), 6);
    const from = endDay - 10 * DAY + 9 * HOUR;
    allocate(u, { namespace: 'notebooks', pod: 'jupyter-alice', container: 'notebook' }, from, from + 3 * DAY);
    paint(u, from, from + 3 * DAY, { state: 'idle', level: 0, pattern: 'flat', memMib: 420 });
    paint(u, from + 2 * HOUR, from + 2 * HOUR + 20, { state: 'busy', level: 0.4, pattern: 'flat', memMib: 5_000 });
  }
  train([0, 1, 2, 3, 4, 5, 6, 7].map((i) => unit(east(3), i)), 'llm-train', 'llm-finetune', [10, 40], [2, 14]);
  // The late node: a 4-GPU job of which two GPUs sit idle the whole time (partial), the rest unallocated.
  {
    const units = [0, 1, 2, 3].map((i) => unit(east(4), i));
    const from = endDay - 18 * DAY;
    const to = endDay - 12 * DAY;
    for (const u of units) allocate(u, { namespace: 'llm-train', pod: 'llm-finetune-ddp-0', container: 'trainer', podGpus: 4 }, from, to);
    for (const u of units.slice(0, 2)) paint(u, from, to, { state: 'busy', level: 0.9, pattern: 'flat', memMib: 70_000 });
  }

  // train-us-west (A100): recsys training, one GPU whose profiling metric sticks at 0, a MIG GPU.
  const west = (n: number): string => `train-us-west-node-${n}`;
  train([0, 1, 2, 3, 4, 5, 6, 7].map((i) => unit(west(1), i)), 'recsys-train', 'recsys-train', [6, 30], [1, 10]);
  train([0, 1, 2, 3].map((i) => unit(west(2), i)), 'llm-train', 'llm-finetune-small', [4, 20], [4, 30]);
  {
    const u = unit(west(2), 5);
    const from = endDay - 6 * DAY;
    allocate(u, { namespace: 'recsys-train', pod: 'recsys-eval-7', container: 'eval' }, from, from + DAY);
    paint(u, from, from + DAY, { state: 'stuck', level: 0.85, pattern: 'flat', memMib: 50_000 });
  }
  serve(unit(west(2), 7, '1'), 'asr', 'speech', 'asr-6c5d8-0', 0.55, 30_000);
  serve(unit(west(2), 7, '2'), 'asr', 'speech', 'asr-6c5d8-1', 0.45, 15_000);
  {
    const u = unit(west(2), 7, '3');
    allocate(u, { namespace: 'notebooks', pod: 'jupyter-bob', container: 'notebook' }, start + 5 * DAY, null);
    paint(u, start + 5 * DAY, end, { state: 'idle', level: 0, pattern: 'flat', memMib: 300 });
  }

  // edge-eu (L4, no profiling metrics): embedder and vision serving, one time-sliced GPU, exporter outage.
  const edge = (n: number): string => `edge-eu-node-${n}`;
  for (let i = 0; i < 8; i++) serve(unit(edge(1), i), 'embedder', 'search', `embedder-9f4c1-${i}`, 0.55, 9_000);
  for (let i = 0; i < 5; i++) serve(unit(edge(2), i), 'vision-detect', 'vision', `vision-detect-84d2c-${i}`, 0.5, 11_000);
  {
    const u = unit(edge(2), 5);
    serve(u, 'vision-detect', 'vision', 'vision-detect-batch-a', 0.45, 6_000, { share: 0.5 });
    allocate(u, { namespace: 'vision', pod: 'vision-detect-batch-b', container: 'vision-detect', share: 0.5 }, start, null);
  }
  {
    const at = endDay - 3 * DAY + 3 * HOUR + 5;
    for (const u of plan.units.filter((x) => x.node === edge(1) && x.index === 3)) {
      for (let k = 0; k < 5; k++) paint(u, at + k * 97, at + k * 97 + 1, { state: 'sentinel', level: 0.5, pattern: 'flat', memMib: 9_000 });
    }
    const gapFrom = endDay - 10 * DAY + 2 * HOUR;
    for (const u of plan.units.filter((x) => x.node === edge(2))) paint(u, gapFrom, gapFrom + 2 * HOUR, { state: 'gap', level: 0, pattern: 'flat', memMib: 0 });
  }
  return plan;
}

/** Overwrites [from, to) of a sorted, contiguous segment list with a new segment. */
export function paintSegments(segments: Segment[], from: number, to: number, patch: Partial<Segment> & { state: SegmentState }): void {
  if (to <= from) return;
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.end <= from || s.start >= to) {
      out.push(s);
      continue;
    }
    if (s.start < from) out.push({ ...s, end: from });
    if (s.end > to) out.push({ ...s, start: to });
  }
  const inserted: Segment = { level: 0, pattern: 'flat', memMib: 0, ...patch, start: from, end: to };
  const at = out.findIndex((s) => s.start >= to);
  out.splice(at === -1 ? out.length : at, 0, inserted);
  segments.splice(0, segments.length, ...out);
}
