/**
 * gpu_minute rows from the server-side aggregates of backfill-queries.ts, one chunk of minutes at a time. Pure.
 * The values of a minute are combined over the unit's series (several when pod labels change or time-slicing
 * duplicates them) exactly as the file path combines raw readings, and assembled by the same function
 * (gpu/rollup.ts assembleMinute). Minutes the aggregates cannot settle are listed as anomalies: the caller
 * re-reads their raw samples. Besides the anomaly queries' minutes these are the minutes in which a unit with
 * several series changes which series it has (a pod came or went inside the minute).
 */
import type { GpuMinute, SignalMinute } from '../../gpu/rollup.ts';
import { assembleMinute, carryWindowMs, MINUTE_MS, roundMean } from '../../gpu/rollup.ts';
import { SIGNAL_SPECS } from '../../gpu/signals.ts';
import type { GpuSignal } from '../../gpu/signals.ts';
import type { GpuUnitIdentity, PodRef } from '../../gpu/unit.ts';
import { podKey, unitKey } from '../../gpu/unit.ts';
import type { RangeSeries } from '../prometheus/api.ts';
import type { Labels } from '../prometheus/exposition.ts';
import { labelView } from '../prometheus/exposition.ts';
import { EVAL_OFFSET_MS, promString } from './backfill-queries.ts';
import type { PlannedQuery } from './backfill-queries.ts';
import type { IdentityOptions } from './identity.ts';
import { dcgmIdentity, dcgmPod } from './identity.ts';

export interface ChunkWindow {
  /**
   * Rows are built for minutes [fromMinute, toMinute). The queries run one step earlier (energy's reading before
   * the first minute) to one step later (a series that ends in the last minute).
   */
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly lookbackMs: number;
}

export interface AggregatedUnit {
  readonly key: string;
  readonly identity: GpuUnitIdentity;
  /** PromQL matchers selecting this unit's series (its UUID label and GPU_I_ID). */
  readonly matchers: string;
  readonly rows: GpuMinute[];
  /** Per minute with telemetry, the pods (by podKey) whose series had a point; empty: none. */
  readonly presence: Map<number, Set<string>>;
  readonly pods: Map<string, PodRef>;
}

export interface ChunkRows {
  readonly units: Map<string, AggregatedUnit>;
  /** Per unit key, minutes to re-read from raw samples (sorted). */
  readonly anomalies: Map<string, number[]>;
}

/** The query steps of a chunk: the evaluation times of the minute before its first to the minute after its last. */
export function chunkSteps(window: ChunkWindow): { startMs: number; endMs: number; count: number } {
  const count = (window.toMinute - window.fromMinute) / MINUTE_MS + 2;
  const startMs = window.fromMinute - MINUTE_MS + EVAL_OFFSET_MS;
  return { startMs, endMs: startMs + (count - 1) * MINUTE_MS, count };
}

/** One value per query step; NaN where the query had no point. */
type Steps = Float64Array;

interface UnitAccumulator {
  readonly identity: GpuUnitIdentity;
  readonly matchers: string;
  readonly values: Map<string, Steps>;
  /** Steps at which each series (by label set) had a point inside the minute. */
  readonly series: Map<string, { readonly pod: PodRef | null; readonly steps: Uint8Array }>;
  /** Steps that make a row: a point inside the minute, or a reading the gap rule carries into it. */
  readonly rowSteps: Uint8Array;
  readonly anomalous: Uint8Array;
}

function labelSetKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k] ?? ''}`)
    .join('\u0001');
}

function unitMatchers(labels: Labels, identity: GpuUnitIdentity): string {
  const uuidLabel = labels['UUID'] !== undefined && labels['UUID'] !== '' ? 'UUID' : 'uuid';
  return `${uuidLabel}=${promString(identity.uuid)},GPU_I_ID=${promString(identity.instance)}`;
}

/** How a query's values of several series of one unit combine into one value per step. */
function combine(query: PlannedQuery): (a: number, b: number) => number {
  if (query.role === 'sum' || (query.role === 'count' && SIGNAL_SPECS[query.signal].aggregation === 'mean')) return (a, b) => a + b;
  return Math.max;
}

export function chunkRows(results: ReadonlyMap<PlannedQuery, readonly RangeSeries[]>, window: ChunkWindow, identity: IdentityOptions): ChunkRows {
  const { startMs: start, count: steps } = chunkSteps(window);
  const accumulators = new Map<string, UnitAccumulator>();
  for (const [query, seriesList] of results) {
    const merge = combine(query);
    for (const series of seriesList) {
      const id = dcgmIdentity(labelView(series.labels), identity);
      if (id === null) continue;
      const key = unitKey(id.uuid, id.instance);
      let acc = accumulators.get(key);
      if (acc === undefined) {
        acc = {
          identity: id,
          matchers: unitMatchers(series.labels, id),
          values: new Map(),
          series: new Map(),
          rowSteps: new Uint8Array(steps),
          anomalous: new Uint8Array(steps),
        };
        accumulators.set(key, acc);
      }
      let values = acc.values.get(query.id);
      if (values === undefined) {
        values = new Float64Array(steps).fill(Number.NaN);
        acc.values.set(query.id, values);
      }
      let seen: Uint8Array | undefined;
      if (query.createsRow && query.role !== 'carry') {
        const setKey = labelSetKey(series.labels);
        let entry = acc.series.get(setKey);
        if (entry === undefined) {
          entry = { pod: dcgmPod(labelView(series.labels)), steps: new Uint8Array(steps) };
          acc.series.set(setKey, entry);
        }
        seen = entry.steps;
      }
      for (const point of series.points) {
        const k = (point.timestampMs - start) / MINUTE_MS;
        if (!Number.isInteger(k) || k < 0 || k >= steps) continue;
        if (query.role === 'anomaly') {
          acc.anomalous[k] = 1;
          continue;
        }
        const before = values[k] as number;
        values[k] = Number.isNaN(before) ? point.value : merge(before, point.value);
        if (seen !== undefined) seen[k] = 1;
        if (query.createsRow) acc.rowSteps[k] = 1;
      }
    }
  }

  const units = new Map<string, AggregatedUnit>();
  const anomalies = new Map<string, number[]>();
  const carries = carryWindowMs(window.lookbackMs) > MINUTE_MS;
  for (const [key, acc] of accumulators) {
    flagSeriesChanges(acc, steps);
    const unit: AggregatedUnit = { key, identity: acc.identity, matchers: acc.matchers, rows: [], presence: new Map(), pods: new Map() };
    const flagged: number[] = [];
    for (let k = 1; k < steps - 1; k++) {
      if (acc.rowSteps[k] !== 1) continue;
      const minute = window.fromMinute + (k - 1) * MINUTE_MS;
      const present = [...acc.series.values()].filter((s) => s.steps[k] === 1);
      if (present.length > 0) {
        const pods = new Set<string>();
        for (const s of present) {
          if (s.pod === null) continue;
          const pk = podKey(s.pod);
          pods.add(pk);
          unit.pods.set(pk, s.pod);
        }
        unit.presence.set(minute, pods);
      }
      if (acc.anomalous[k] === 1) {
        flagged.push(minute);
        continue;
      }
      unit.rows.push(minuteFrom(acc, k, minute, carries));
    }
    units.set(key, unit);
    if (flagged.length > 0) anomalies.set(key, flagged);
  }
  return { units, anomalies };
}

/** Minutes where a unit with several series gains or loses one: a pod came or went inside the minute. */
function flagSeriesChanges(acc: UnitAccumulator, steps: number): void {
  if (acc.series.size < 2) return;
  const all = [...acc.series.values()];
  const signature = (k: number): string => all.map((s) => s.steps[k] ?? 0).join('');
  for (let k = 1; k < steps - 1; k++) {
    if (all.filter((s) => s.steps[k] === 1).length < 2) continue;
    const here = signature(k);
    if (here !== signature(k - 1) || here !== signature(k + 1)) acc.anomalous[k] = 1;
  }
}

function minuteFrom(acc: UnitAccumulator, k: number, minute: number, carries: boolean): GpuMinute {
  const at = (id: string, step = k): number | null => {
    const v = acc.values.get(id)?.[step];
    return v === undefined || Number.isNaN(v) ? null : v;
  };
  const scaled = (signal: GpuSignal, v: number | null): number | null => (v === null ? null : v / SIGNAL_SPECS[signal].divisor);
  /** A max or mean signal: the minute's value, else (gap rule) the carried reading. */
  const value = (signal: GpuSignal): SignalMinute => {
    const spec = SIGNAL_SPECS[signal];
    const count = at(`${signal}:count`);
    let v: number | null;
    if (spec.aggregation === 'mean') {
      const sum = at(`${signal}:sum`);
      v = sum === null || count === null || count === 0 ? null : roundMean(sum / count / spec.divisor);
    } else {
      v = scaled(signal, at(`${signal}:max`));
    }
    if (v !== null) return { value: v, valid: count ?? 0, bad: 0 };
    const carried = carries ? scaled(signal, at(`${signal}:carry`)) : null;
    return { value: carried, valid: 0, bad: 0 };
  };
  const last = at('energy_mj:last');
  const previous = at(carries ? 'energy_mj:carry' : 'energy_mj:last', k - 1);
  const energyJ = last === null || previous === null ? null : (last - previous) / 1000;
  return assembleMinute(
    minute,
    {
      prof: value('prof_gr_engine'),
      util: value('dev_gpu_util'),
      smi: { value: null, valid: 0, bad: 0 },
      enc: value('enc_util').value,
      dec: value('dec_util').value,
      sm: value('sm_active').value,
      dram: value('dram_active').value,
      mem: value('fb_used_mib').value,
      power: value('power_w').value,
      energyJ,
      bad: 0,
    },
    acc.identity.instance === '',
  );
}

/** Minutes (sorted) grouped into runs of consecutive minutes: one raw re-read each. */
export function minuteRuns(minutes: readonly number[]): Array<{ first: number; last: number }> {
  const runs: Array<{ first: number; last: number }> = [];
  for (const m of minutes) {
    const run = runs[runs.length - 1];
    if (run !== undefined && m === run.last + MINUTE_MS) run.last = m;
    else runs.push({ first: m, last: m });
  }
  return runs;
}
