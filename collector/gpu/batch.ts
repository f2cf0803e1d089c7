/**
 * A batch of GPU telemetry on its way to the store, whatever the source (dcgm-exporter series, nvidia-smi
 * readings): the units seen with what they are, the raw rows for gpu_samples and which pods held them when. Pure
 * and built for hot loops: identities are resolved once per unit, raw rows are kept column-major, and the readings
 * per unit and signal that the rollup takes are built from them once the batch is complete (unitReadings), so that
 * reading a scrape allocates nothing per reading that lives on.
 */
import type { UnitReadings } from './rollup.ts';
import type { GpuSignal } from './signals.ts';
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

/** Signal numbers of the raw rows: positions in GPU_SIGNALS. */
const SIGNAL_NUMBER = new Map(GPU_SIGNALS.map((signal, i) => [signal, i]));

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
    const value = normalizeReading(SIGNAL_SPECS[signal], raw);
    if (ts < unit.firstTs) unit.firstTs = ts;
    if (ts > unit.lastTs) unit.lastTs = ts;
    const bad = Number.isNaN(value);
    if (bad) this.badReadings++;
    if (signal === 'fb_used_mib' && !bad) unit.facts.fbUsed = value;
    const raws = this.raw;
    raws.unit.push(unit.index);
    raws.signal.push(SIGNAL_NUMBER.get(signal) ?? -1);
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

  /** Each unit's readings per signal (by unit index), in the order they came; a bad reading is NaN. */
  unitReadings(): UnitReadings[] {
    const out: UnitReadings[] = this.unitList.map(() => ({}));
    const { unit, signal, ts, value } = this.raw;
    for (let i = 0; i < ts.length; i++) {
      const readings = out[unit[i] as number] as UnitReadings;
      const name = GPU_SIGNALS[signal[i] as number] as GpuSignal;
      const v = value[i] ?? Number.NaN;
      const series = readings[name];
      // A literal holds exactly one element; a push onto [] would reserve 17 (most units get one reading per scrape).
      if (series === undefined) readings[name] = { ts: [ts[i] as number], values: [v] };
      else {
        series.ts.push(ts[i] as number);
        series.values.push(v);
      }
    }
    return out;
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
