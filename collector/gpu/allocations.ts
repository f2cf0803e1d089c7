/**
 * gpu_allocations intervals (who held which GPU when) from telemetry pod labels: a unit with pod labels is held
 * by that pod while they are present (SOURCES.md, DCGM exporter). Pure.
 *
 * Presence is per minute, so that the file, scrape and Prometheus API paths, which see the same minutes, build
 * the same intervals. A run of minutes with the pod ends at the first observed minute without it, or after a
 * gap longer than the gap rule allows (then one minute after the last one seen). A run that reaches the batch's
 * newest minute stays open (end null): the pod still holds the unit.
 */
import { floorMinute, MINUTE_MS } from './rollup.ts';
import type { PodRef } from './unit.ts';
import { podKey } from './unit.ts';

export interface AllocationRow {
  gpuUuid: string;
  gpuInstance: string;
  namespace: string;
  pod: string;
  container: string | null;
  /** GPUs (units) the pod holds in all: several for a multi-GPU pod. */
  podGpus: number;
  /** 1, or 1 / replicas under time-slicing (MIG shares live in gpu_instances). */
  share: number;
  startMs: number;
  endMs: number | null;
  source: string;
}

/** What one unit's telemetry said about pods: per observed minute, the pods present (empty: none). */
export interface UnitPresence {
  readonly uuid: string;
  readonly instance: string;
  readonly minutes: ReadonlyMap<number, ReadonlySet<string>>;
  readonly pods: ReadonlyMap<string, PodRef>;
}

export interface IntervalOptions {
  /** Observed minutes further apart than this break a run (the gap rule: max(60 s, 2 × scrape interval)). */
  readonly gapMs: number;
  /** The batch's newest minute: runs reaching it stay open. */
  readonly newestMinute: number;
  /** Time-slicing replicas per GPU when configured; else the most pods seen on the unit at once. */
  readonly timeSlicingReplicas: number | null;
  readonly source: string;
}

/** The pods present in the minute of ts (created empty). */
function podsAt(minutes: Map<number, Set<string>>, ts: number): Set<string> {
  const m = floorMinute(ts);
  let set = minutes.get(m);
  if (set === undefined) {
    set = new Set();
    minutes.set(m, set);
  }
  return set;
}

/** Builds presence per minute from observation timestamps. */
export function presenceOf(uuid: string, instance: string, pods: ReadonlyMap<string, { pod: PodRef; ts: readonly number[] }>, unheld: readonly number[]): UnitPresence {
  const minutes = new Map<number, Set<string>>();
  for (const t of unheld) podsAt(minutes, t);
  const refs = new Map<string, PodRef>();
  for (const [key, seen] of pods) {
    refs.set(key, seen.pod);
    for (const t of seen.ts) podsAt(minutes, t).add(key);
  }
  return { uuid, instance, minutes, pods: refs };
}

interface Run {
  key: string;
  start: number;
  end: number | null;
  /** Most pods present at once during the run. */
  concurrency: number;
}

const NOBODY: ReadonlySet<string> = new Set();

function runsOf(presence: UnitPresence, options: IntervalOptions): Run[] {
  const minutes = [...presence.minutes.keys()];
  if (minutes.length > 1) minutes.sort((a, b) => a - b);
  const runs: Run[] = [];
  const open = new Map<string, Run>();
  for (let i = 0; i < minutes.length; i++) {
    const m = minutes[i] as number;
    const present = presence.minutes.get(m) ?? NOBODY;
    for (const [key, run] of open) {
      if (!present.has(key)) {
        run.end = m;
        open.delete(key);
      }
    }
    for (const key of present) {
      let run = open.get(key);
      if (run === undefined) {
        run = { key, start: m, end: null, concurrency: 0 };
        open.set(key, run);
        runs.push(run);
      }
      run.concurrency = Math.max(run.concurrency, present.size);
    }
    const next = minutes[i + 1];
    if (next === undefined || next - m > options.gapMs) {
      const reachesNewest = next === undefined && m >= options.newestMinute;
      for (const run of open.values()) run.end = reachesNewest ? null : m + MINUTE_MS;
      open.clear();
    }
  }
  return runs;
}

/** Allocation intervals of every unit of a batch. */
export function allocationIntervals(units: readonly UnitPresence[], options: IntervalOptions): AllocationRow[] {
  const held: { unit: UnitPresence; run: Run; pod: PodRef; units: Set<string> }[] = [];
  const unitsPerPod = new Map<string, Set<string>>();
  for (const unit of units) {
    if (unit.pods.size === 0) continue;
    const runs = runsOf(unit, options);
    const unitId = `${unit.uuid}\u0000${unit.instance}`;
    for (const run of runs) {
      const pod = unit.pods.get(run.key) as PodRef;
      const holder = `${pod.namespace}\u0000${pod.pod}`;
      let holderUnits = unitsPerPod.get(holder);
      if (holderUnits === undefined) {
        holderUnits = new Set();
        unitsPerPod.set(holder, holderUnits);
      }
      holderUnits.add(unitId);
      held.push({ unit, run, pod, units: holderUnits });
    }
  }
  return held.map(({ unit, run, pod, units: holderUnits }) => {
    const replicas = options.timeSlicingReplicas ?? run.concurrency;
    return {
      gpuUuid: unit.uuid,
      gpuInstance: unit.instance,
      namespace: pod.namespace,
      pod: pod.pod,
      container: pod.container,
      podGpus: holderUnits.size,
      share: run.concurrency > 1 ? 1 / Math.max(replicas, run.concurrency) : 1,
      startMs: run.start,
      endMs: run.end,
      source: options.source,
    };
  });
}

const holderKey = (a: AllocationRow): string => `${a.gpuUuid}\u0000${a.gpuInstance}\u0000${podKey(a)}`;

/**
 * Merges a batch's intervals into the stored ones of the same units. Intervals of one holder that overlap or
 * touch (within gapMs) become one. A stored open interval of a unit the batch observed from `firstMinute` on is
 * closed there when the batch does not continue it. Returns the stored rows to delete and the rows to insert.
 */
export function mergeAllocations(
  stored: readonly AllocationRow[],
  incoming: readonly AllocationRow[],
  firstMinuteOfUnit: ReadonlyMap<string, number>,
  gapMs: number,
): { remove: AllocationRow[]; add: AllocationRow[] } {
  const groups = new Map<string, { stored: AllocationRow[]; incoming: AllocationRow[] }>();
  const group = (a: AllocationRow): { stored: AllocationRow[]; incoming: AllocationRow[] } => {
    const key = holderKey(a);
    let g = groups.get(key);
    if (g === undefined) {
      g = { stored: [], incoming: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const a of stored) group(a).stored.push(a);
  for (const a of incoming) group(a).incoming.push(a);

  const remove: AllocationRow[] = [];
  const add: AllocationRow[] = [];
  for (const g of groups.values()) {
    g.stored.sort((a, b) => a.startMs - b.startMs);
    const closed = g.stored.map((a) => {
      const first = firstMinuteOfUnit.get(`${a.gpuUuid}\u0000${a.gpuInstance}`);
      const continued = g.incoming.some((b) => b.startMs <= (first ?? Number.NEGATIVE_INFINITY));
      return a.endMs === null && first !== undefined && a.startMs < first && !continued ? { ...a, endMs: first } : a;
    });
    const all = [...closed, ...g.incoming].sort((a, b) => a.startMs - b.startMs);
    const merged: AllocationRow[] = [];
    for (const a of all) {
      const last = merged[merged.length - 1];
      if (last !== undefined && (last.endMs === null || a.startMs <= last.endMs + gapMs)) {
        // Sorted by start: the later interval's end is the newer knowledge when either is open.
        last.endMs = a.endMs === null ? null : last.endMs === null ? a.endMs : Math.max(last.endMs, a.endMs);
        last.podGpus = Math.max(last.podGpus, a.podGpus);
        last.share = Math.min(last.share, a.share);
      } else {
        merged.push({ ...a });
      }
    }
    const same = (a: AllocationRow, b: AllocationRow): boolean => a.startMs === b.startMs && a.endMs === b.endMs && a.share === b.share && a.podGpus === b.podGpus;
    if (merged.length === g.stored.length && merged.every((m, k) => same(m, g.stored[k] as AllocationRow))) continue;
    remove.push(...g.stored);
    add.push(...merged);
  }
  return { remove, add };
}
