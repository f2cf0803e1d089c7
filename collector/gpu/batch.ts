/**
 * A batch of GPU telemetry on its way to the store, whatever the source (dcgm-exporter series, nvidia-smi
 * readings): the units seen with what they are, the raw rows for gpu_samples and which pods held them when. Pure
 * and built for hot loops: identities are resolved once per unit, raw rows are kept column-major, and the readings
 * per unit and signal that the rollup takes are built from them, a unit at a time, once the batch is complete
 * (unitReadings), so that neither reading a scrape nor writing it keeps an object per reading alive for long.
 */
import type { UnitReadings } from './rollup.ts';
import type { GpuSignal, SignalSpec } from './signals.ts';
import { GPU_SIGNALS, normalizeReading, SIGNAL_SPECS } from './signals.ts';
import type { GpuUnitIdentity, PodRef } from './unit.ts';
import { podKey, unitKey } from './unit.ts';

/** Facts about a unit that are not activity: memory size parts (MiB) and the power limit (W). */
export interface UnitFacts {
  fbTotal: number | null;
  fbUsed: number | null;
  fbFree: number | null;
  fbReserved: number | null;
  powerLimitW: number | null;
}

export interface BatchUnit {
  /** Position in the batch (GpuBatch.unitList). */
  readonly index: number;
  readonly key: string;
  readonly identity: GpuUnitIdentity;
  readonly facts: UnitFacts;
  firstTs: number;
  lastTs: number;
  /** Timestamps at which each pod (by podKey) was seen holding the unit. */
  readonly pods: Map<string, { pod: PodRef; ts: number[] }>;
  /** Timestamps at which the unit was seen with no pod. */
  readonly unheld: number[];
}

/**
 * Each signal's spec and number (its position in GPU_SIGNALS, which raw rows carry). A Map: a property read keyed by
 * the signal's name would have V8 recompile the hot reading path each time a scrape moves on to another metric.
 */
const SIGNAL_INFO = new Map(GPU_SIGNALS.map((signal, number) => [signal, { spec: SIGNAL_SPECS[signal], number }]));

/** Column-major raw readings: the unit and the signal by number (GpuBatch.unitList, GPU_SIGNALS). */
export interface RawReadingColumns {
  unit: number[];
  signal: number[];
  ts: number[];
  value: (number | null)[];
}

export class GpuBatch {
  readonly units = new Map<string, BatchUnit>();
  readonly unitList: BatchUnit[] = [];
  readonly raw: RawReadingColumns = { unit: [], signal: [], ts: [], value: [] };
  badReadings = 0;

  constructor(
    /** gpu_samples.source and gpu_minute.source: the kind of telemetry ('dcgm', 'nvidia-smi'). */
    readonly source: string,
    /** Whether the telemetry says which pod holds a unit (dcgm-exporter does; nvidia-smi does not). */
    readonly tracksPods: boolean,
  ) {}

  unit(identity: GpuUnitIdentity): BatchUnit {
    const key = unitKey(identity.uuid, identity.instance);
    let unit = this.units.get(key);
    if (unit === undefined) {
      unit = {
        index: this.unitList.length,
        key,
        identity,
        facts: { fbTotal: null, fbUsed: null, fbFree: null, fbReserved: null, powerLimitW: null },
        firstTs: Number.POSITIVE_INFINITY,
        lastTs: Number.NEGATIVE_INFINITY,
        pods: new Map(),
        unheld: [],
      };
      this.units.set(key, unit);
      this.unitList.push(unit);
    }
    return unit;
  }

  /** One raw reading in the source's unit; a bad one (sentinel, NaN, out of range) is kept as NULL and counted. */
  reading(unit: BatchUnit, signal: GpuSignal, ts: number, raw: number): void {
    const info = SIGNAL_INFO.get(signal) as { spec: SignalSpec; number: number };
    const value = normalizeReading(info.spec, raw);
    if (ts < unit.firstTs) unit.firstTs = ts;
    if (ts > unit.lastTs) unit.lastTs = ts;
    const bad = Number.isNaN(value);
    if (bad) this.badReadings++;
    if (signal === 'fb_used_mib' && !bad) unit.facts.fbUsed = value;
    const raws = this.raw;
    raws.unit.push(unit.index);
    raws.signal.push(info.number);
    raws.ts.push(ts);
    raws.value.push(bad ? null : value);
  }

  /** Who held the unit at ts (null: nobody). Repeated observations of the same instant are harmless. */
  observePod(unit: BatchUnit, ts: number, pod: PodRef | null): void {
    if (pod === null) {
      if (unit.unheld[unit.unheld.length - 1] !== ts) unit.unheld.push(ts);
      return;
    }
    const key = podKey(pod);
    let seen = unit.pods.get(key);
    if (seen === undefined) {
      seen = { pod, ts: [] };
      unit.pods.set(key, seen);
    }
    if (seen.ts[seen.ts.length - 1] !== ts) seen.ts.push(ts);
  }

  get readingCount(): number {
    return this.raw.ts.length;
  }

  /** The raw rows grouped by unit, from which each unit's readings are built when asked for. */
  unitReadings(): UnitReadingsByUnit {
    return new UnitReadingsByUnit(this.raw, this.unitList.length);
  }
}

/** The raw rows of a batch grouped by unit (a counting sort), in the order they came within each unit. */
export class UnitReadingsByUnit {
  /** Rows of unit u: rows[start[u]] to rows[start[u + 1] - 1]. */
  private readonly start: Int32Array;
  private readonly rows: Int32Array;

  constructor(
    private readonly raw: RawReadingColumns,
    units: number,
  ) {
    const start = new Int32Array(units + 1);
    for (const u of raw.unit) (start[u + 1] as number)++;
    for (let u = 0; u < units; u++) (start[u + 1] as number) += start[u] as number;
    const next = start.slice(0, units);
    const rows = new Int32Array(raw.unit.length);
    raw.unit.forEach((u, i) => {
      rows[(next[u] as number)++] = i;
    });
    this.start = start;
    this.rows = rows;
  }

  /** The unit's readings per signal; a bad reading is NaN. */
  of(index: number): UnitReadings {
    const out: UnitReadings = {};
    const { signal, ts, value } = this.raw;
    for (let k = this.start[index] as number, end = this.start[index + 1] as number; k < end; k++) {
      const i = this.rows[k] as number;
      const name = GPU_SIGNALS[signal[i] as number] as GpuSignal;
      const v = value[i] ?? Number.NaN;
      const series = out[name];
      // A literal holds exactly one element; a push onto [] would reserve 17 (most units get one reading per scrape).
      if (series === undefined) out[name] = { ts: [ts[i] as number], values: [v] };
      else {
        series.ts.push(ts[i] as number);
        series.values.push(v);
      }
    }
    return out;
  }

  /** The earliest and latest time of each of the unit's signals (by number); a signal without readings is skipped. */
  spans(index: number, each: (signal: number, lo: number, hi: number) => void): void {
    const lo = new Float64Array(GPU_SIGNALS.length).fill(Number.POSITIVE_INFINITY);
    const hi = new Float64Array(GPU_SIGNALS.length).fill(Number.NEGATIVE_INFINITY);
    const { signal, ts } = this.raw;
    for (let k = this.start[index] as number, end = this.start[index + 1] as number; k < end; k++) {
      const i = this.rows[k] as number;
      const n = signal[i] as number;
      const t = ts[i] as number;
      if (t < (lo[n] as number)) lo[n] = t;
      if (t > (hi[n] as number)) hi[n] = t;
    }
    for (let n = 0; n < GPU_SIGNALS.length; n++) if ((lo[n] as number) <= (hi[n] as number)) each(n, lo[n] as number, hi[n] as number);
  }
}

/** The unit's memory in MiB from its frame buffer facts: the total, else used + free (+ reserved). */
export function factsMemoryMib(facts: UnitFacts): number | null {
  if (facts.fbTotal !== null) return facts.fbTotal;
  if (facts.fbUsed === null || facts.fbFree === null) return null;
  return facts.fbUsed + facts.fbFree + (facts.fbReserved ?? 0);
}

/**
 * The scrape interval the batch's readings show: the median spacing of consecutive distinct timestamps of each
 * unit's readings. Null when no unit was read twice (a single scrape).
 */
export function estimateIntervalMs(batch: GpuBatch): number | null {
  const stampsOf = new Map<number, Set<number>>();
  for (const unit of batch.unitList) if (unit.firstTs < unit.lastTs) stampsOf.set(unit.index, new Set());
  if (stampsOf.size === 0) return null;
  const { unit, ts } = batch.raw;
  for (let i = 0; i < ts.length; i++) stampsOf.get(unit[i] as number)?.add(ts[i] as number);
  const deltas: number[] = [];
  for (const stamps of stampsOf.values()) {
    const sorted = [...stamps].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) deltas.push((sorted[i] as number) - (sorted[i - 1] as number));
  }
  if (deltas.length === 0) return null;
  deltas.sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)] ?? null;
}
