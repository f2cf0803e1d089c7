/**
 * The 1-minute GPU rollup (METRICS.md, GPU; columns of gpu_minute in migrations/0003_gpu.sql). Pure: raw
 * readings of one unit (a GPU or a MIG instance) in, one row per minute out. The Prometheus backfill computes
 * the same rows from server-side aggregates (sources/dcgm/backfill-rows.ts), so every rule here is one that
 * `max_over_time`, `sum_over_time`, `count_over_time` and `last_over_time` can express:
 *
 * - Minute M covers [M, M + 60 s). Max signals take the maximum of the minute's valid readings, mean signals
 *   their mean: a Kahan–Neumaier sum (as Prometheus' sum_over_time computes it) ÷ the count, rounded to 1e-6.
 * - Gap rule: a minute without readings is unobserved, unless the scrape interval is longer than 30 s: then an
 *   empty minute carries the last valid reading forward when it is at most `lookbackMs` (2 × the interval) old
 *   at the minute's end.
 * - Bad readings (NaN in the input) are dropped and counted in bad_samples; they never count as zero.
 * - Energy: the counter's increase from the last valid reading before the minute (within max(60 s, lookback))
 *   to the minute's last valid reading, in J; a counter that went down restarted from zero.
 * - Activity: the profiling GR engine signal, else DCGM GPU_UTIL, else nvidia-smi utilization, each max'ed
 *   with encoder / decoder utilization; encoder or decoder alone are no activity signal.
 * - A unit's signal may come from several series (pod labels change; time-slicing duplicates them per pod):
 *   readings are per timestamp, so duplicates count once (a valid one wins over a bad one, then the highest).
 *   `samples` counts the timestamps with a valid reading of the activity signal in the minute.
 */
import type { GpuSignal } from './signals.ts';
import { GPU_SIGNALS, SIGNAL_SPECS } from './signals.ts';

export const MINUTE_MS = 60_000;

/** Readings of one signal, in any order; NaN marks a bad reading (sentinel, non-numeric, out of range). */
export interface SignalSeries {
  readonly ts: number[];
  readonly values: number[];
}

export type UnitReadings = Partial<Record<GpuSignal, SignalSeries>>;

export type ActivitySource = 'prof_gr_engine' | 'dev_gpu_util' | 'smi_util';

/** One gpu_minute row, less the unit key and the source. */
export interface GpuMinute {
  minute: number;
  activity: number | null;
  activitySource: ActivitySource | null;
  profActivity: number | null;
  gpuUtil: number | null;
  smActive: number | null;
  dramActive: number | null;
  memUsedMib: number | null;
  powerW: number | null;
  energyJ: number | null;
  samples: number;
  badSamples: number;
}

export interface RollupOptions {
  /** 2 × the scrape interval (METRICS.md gap rule). */
  readonly lookbackMs: number;
  /** False for MIG instances: power and energy belong to the parent GPU. */
  readonly powerApplies: boolean;
  /** Only minutes in [fromMs, toMs) are returned (both minute-aligned); default every minute with readings. */
  readonly fromMs?: number;
  readonly toMs?: number;
}

export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** Means are stored rounded to 1e-6: a server that adds in another order gives the same value but at exact ties. */
export const roundMean = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The reach of the gap rule: readings this far before a minute's end still count for it. */
export function carryWindowMs(lookbackMs: number): number {
  return Math.max(MINUTE_MS, lookbackMs);
}

/** First index with ts[i] >= t. */
function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Statistics of a signal's readings in a window; one instance is reused for every window of a unit. */
class WindowStats {
  valid = 0;
  bad = 0;
  max = Number.NEGATIVE_INFINITY;
  /** Kahan–Neumaier sum and its compensation, as Prometheus' sum_over_time adds (its result is sum + c). */
  sum = 0;
  c = 0;
  /** Last valid reading in the window, NaN when none. */
  last = Number.NaN;

  /** Reads [from, to) of the series into this instance; returns it. */
  of(series: SignalSeries, from: number, to: number): this {
    this.valid = 0;
    this.bad = 0;
    this.max = Number.NEGATIVE_INFINITY;
    this.sum = 0;
    this.c = 0;
    this.last = Number.NaN;
    const { ts, values } = series;
    const end = lowerBound(ts, to);
    for (let i = lowerBound(ts, from); i < end; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) {
        this.bad++;
        continue;
      }
      this.valid++;
      const t = this.sum + v;
      this.c += Math.abs(this.sum) >= Math.abs(v) ? this.sum - t + v : v - t + this.sum;
      this.sum = t;
      if (v > this.max) this.max = v;
      this.last = v;
    }
    return this;
  }
}

/** In time order with one reading per timestamp (see the module comment on duplicates). */
function perTimestamp(series: SignalSeries): SignalSeries {
  const { ts, values } = series;
  let clean = true;
  for (let i = 1; i < ts.length && clean; i++) clean = (ts[i - 1] as number) < (ts[i] as number);
  if (clean) return series;
  const order = ts.map((_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number));
  const outTs: number[] = [];
  const outValues: number[] = [];
  for (const i of order) {
    const t = ts[i] as number;
    const v = values[i] as number;
    const last = outTs.length - 1;
    if (last >= 0 && outTs[last] === t) {
      const kept = outValues[last] as number;
      if (Number.isNaN(kept) || v > kept) outValues[last] = v;
    } else {
      outTs.push(t);
      outValues.push(v);
    }
  }
  return { ts: outTs, values: outValues };
}

/** A signal's value for one minute, with the counts the row needs. */
export interface SignalMinute {
  value: number | null;
  valid: number;
  bad: number;
}

const NO_SIGNAL: SignalMinute = { value: null, valid: 0, bad: 0 };

/** Value of a max or mean signal for the minute [m, m + 60 s), with the gap rule. */
function signalValue(readings: UnitReadings, signal: GpuSignal, m: number, carryMs: number, scratch: WindowStats): SignalMinute {
  const series = readings[signal];
  if (series === undefined) return NO_SIGNAL;
  const mean = SIGNAL_SPECS[signal].aggregation === 'mean';
  const s = scratch.of(series, m, m + MINUTE_MS);
  if (s.valid > 0) return { value: mean ? roundMean((s.sum + s.c) / s.valid) : s.max, valid: s.valid, bad: s.bad };
  const bad = s.bad;
  if (carryMs > MINUTE_MS && scratch.of(series, m + MINUTE_MS - carryMs, m).valid > 0) return { value: scratch.last, valid: 0, bad };
  return { value: null, valid: 0, bad };
}

/** Counter increase in J over the minute (see the module comment); null without both ends. */
function energyJ(series: SignalSeries | undefined, m: number, carryMs: number): number | null {
  if (series === undefined) return null;
  const end = lowerBound(series.ts, m + MINUTE_MS);
  const start = lowerBound(series.ts, m);
  let previous = Number.NaN;
  for (let i = start - 1, floor = lowerBound(series.ts, m - carryMs); i >= floor; i--) {
    const v = series.values[i] as number;
    if (!Number.isNaN(v)) {
      previous = v;
      break;
    }
  }
  if (Number.isNaN(previous)) return null;
  const first = previous;
  let last = Number.NaN;
  let sum = 0;
  let reset = false;
  for (let i = start; i < end; i++) {
    const v = series.values[i] as number;
    if (Number.isNaN(v)) continue;
    if (v < previous) {
      reset = true;
      sum += v;
    } else {
      sum += v - previous;
    }
    previous = v;
    last = v;
  }
  if (Number.isNaN(last)) return null;
  return (reset ? sum : last - first) / 1000;
}

/** Minutes that get a row: any reading (valid or bad) within the gap rule's reach of their end. */
function candidateMinutes(readings: UnitReadings, carryMs: number): number[] {
  const only = singleMinute(readings);
  if (only !== undefined && carryMs <= MINUTE_MS) return [only];
  const minutes = new Set<number>();
  const reach = Math.ceil(carryMs / MINUTE_MS) - 1;
  for (const signal of GPU_SIGNALS) {
    const series = readings[signal];
    if (series === undefined || SIGNAL_SPECS[signal].aggregation === 'counter') continue;
    for (const t of series.ts) {
      const m = floorMinute(t);
      for (let k = 0; k <= reach; k++) minutes.add(m + k * MINUTE_MS);
    }
  }
  const energy = readings.energy_mj;
  if (energy !== undefined) for (const t of energy.ts) minutes.add(floorMinute(t));
  return [...minutes].sort((a, b) => a - b);
}

/** The minute of every reading when they all fall in one (a single scrape), else undefined. */
function singleMinute(readings: UnitReadings): number | undefined {
  let minute: number | undefined;
  for (const signal of GPU_SIGNALS) {
    const series = readings[signal];
    if (series === undefined) continue;
    for (const t of series.ts) {
      const m = floorMinute(t);
      if (minute === undefined) minute = m;
      else if (m !== minute) return undefined;
    }
  }
  return minute;
}

export function rollupUnit(input: UnitReadings, options: RollupOptions): GpuMinute[] {
  const readings: UnitReadings = {};
  for (const signal of GPU_SIGNALS) {
    const series = input[signal];
    if (series !== undefined && series.ts.length > 0) readings[signal] = perTimestamp(series);
  }
  const carryMs = carryWindowMs(options.lookbackMs);
  const scratch = new WindowStats();
  const rows: GpuMinute[] = [];
  for (const m of candidateMinutes(readings, carryMs)) {
    if ((options.fromMs !== undefined && m < options.fromMs) || (options.toMs !== undefined && m >= options.toMs)) continue;
    rows.push(minuteRow(readings, m, carryMs, options.powerApplies, scratch));
  }
  return rows;
}

function minuteRow(readings: UnitReadings, m: number, carryMs: number, powerApplies: boolean, scratch: WindowStats): GpuMinute {
  const prof = signalValue(readings, 'prof_gr_engine', m, carryMs, scratch);
  const util = signalValue(readings, 'dev_gpu_util', m, carryMs, scratch);
  const smi = signalValue(readings, 'smi_util', m, carryMs, scratch);
  const enc = signalValue(readings, 'enc_util', m, carryMs, scratch);
  const dec = signalValue(readings, 'dec_util', m, carryMs, scratch);
  const sm = signalValue(readings, 'sm_active', m, carryMs, scratch);
  const dram = signalValue(readings, 'dram_active', m, carryMs, scratch);
  const mem = signalValue(readings, 'fb_used_mib', m, carryMs, scratch);
  const power = signalValue(readings, 'power_w', m, carryMs, scratch);
  let bad = prof.bad + util.bad + smi.bad + enc.bad + dec.bad + sm.bad + dram.bad + mem.bad + power.bad;
  const energySeries = readings.energy_mj;
  if (energySeries !== undefined) bad += scratch.of(energySeries, m, m + MINUTE_MS).bad;
  const energy = energyJ(energySeries, m, carryMs);
  return assembleMinute(m, { prof, util, smi, enc: enc.value, dec: dec.value, sm: sm.value, dram: dram.value, mem: mem.value, power: power.value, energyJ: energy, bad }, powerApplies);
}

/** A minute's signal values, however they were computed (raw readings here, server-side aggregates in a backfill). */
export interface MinuteSignals {
  /** The activity signals with the count of timestamps that had a valid reading. */
  readonly prof: SignalMinute;
  readonly util: SignalMinute;
  readonly smi: SignalMinute;
  readonly enc: number | null;
  readonly dec: number | null;
  readonly sm: number | null;
  readonly dram: number | null;
  readonly mem: number | null;
  readonly power: number | null;
  readonly energyJ: number | null;
  /** Bad readings in the minute, all signals. */
  readonly bad: number;
}

/** The gpu_minute row from a minute's signal values: activity source, the max with encoder / decoder, power on MIG. */
export function assembleMinute(minute: number, s: MinuteSignals, powerApplies: boolean): GpuMinute {
  const primary: [ActivitySource, SignalMinute] | undefined =
    s.prof.value !== null ? ['prof_gr_engine', s.prof] : s.util.value !== null ? ['dev_gpu_util', s.util] : s.smi.value !== null ? ['smi_util', s.smi] : undefined;
  return {
    minute,
    activity: primary === undefined ? null : Math.max(primary[1].value as number, s.enc ?? 0, s.dec ?? 0),
    activitySource: primary?.[0] ?? null,
    profActivity: s.prof.value,
    gpuUtil: s.util.value ?? s.smi.value,
    smActive: s.sm,
    dramActive: s.dram,
    memUsedMib: s.mem,
    powerW: powerApplies ? s.power : null,
    energyJ: powerApplies ? s.energyJ : null,
    samples: primary?.[1].valid ?? 0,
    badSamples: s.bad,
  };
}
