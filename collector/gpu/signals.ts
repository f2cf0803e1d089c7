/**
 * The GPU signals the minute rollup reads (METRICS.md, GPU), whatever their source: DCGM exporter fields,
 * nvidia-smi readings. Each signal has one rollup aggregation, a unit the rollup works in and the range a
 * real reading can take; a value outside it (DCGM's blank sentinels such as 9223372036854775794 or
 * 140737488355328.0, NaN, ±Inf, a negative utilization) is a bad sample: dropped, counted, never zero.
 */

export type GpuSignal =
  | 'prof_gr_engine'
  | 'dev_gpu_util'
  | 'smi_util'
  | 'enc_util'
  | 'dec_util'
  | 'sm_active'
  | 'dram_active'
  | 'fb_used_mib'
  | 'power_w'
  | 'energy_mj';

/** max: the minute's maximum; mean: its mean; counter: a monotonic counter whose increase is rolled up. */
export type SignalAggregation = 'max' | 'mean' | 'counter';

export interface SignalSpec {
  readonly signal: GpuSignal;
  readonly aggregation: SignalAggregation;
  /** Valid raw readings lie in [min, max] (raw unit of the source, before `divisor`). */
  readonly min: number;
  readonly max: number;
  /**
   * Raw reading ÷ divisor = the value the rollup and gpu_samples use (percent → 0..1). A division, not a
   * multiplication by 0.01: it is exact for whole percents and monotonic, so max(x) ÷ 100 = max(x ÷ 100).
   */
  readonly divisor: number;
}

/** Ratios may read a hair above 1 from counter arithmetic; anything further off is not a reading. */
const RATIO_MAX = 1.001;
/** DCGM's int32 blanks start at 2^31 − 16; 16 TiB of frame buffer is beyond any GPU. */
const MIB_MAX = 16 * 1024 * 1024;
const WATTS_MAX = 100_000;
/** An energy counter in mJ below 2^53 stays exact; DCGM's int64 blanks (~9.2e18) lie far above it. */
const ENERGY_MJ_MAX = Number.MAX_SAFE_INTEGER;

const ratio = (signal: GpuSignal, aggregation: SignalAggregation): SignalSpec => ({ signal, aggregation, min: 0, max: RATIO_MAX, divisor: 1 });
const percent = (signal: GpuSignal): SignalSpec => ({ signal, aggregation: 'max', min: 0, max: 100, divisor: 100 });

export const SIGNAL_SPECS: Readonly<Record<GpuSignal, SignalSpec>> = {
  prof_gr_engine: ratio('prof_gr_engine', 'max'),
  dev_gpu_util: percent('dev_gpu_util'),
  smi_util: ratio('smi_util', 'max'),
  enc_util: percent('enc_util'),
  dec_util: percent('dec_util'),
  sm_active: ratio('sm_active', 'mean'),
  dram_active: ratio('dram_active', 'max'),
  fb_used_mib: { signal: 'fb_used_mib', aggregation: 'max', min: 0, max: MIB_MAX, divisor: 1 },
  power_w: { signal: 'power_w', aggregation: 'mean', min: 0, max: WATTS_MAX, divisor: 1 },
  energy_mj: { signal: 'energy_mj', aggregation: 'counter', min: 0, max: ENERGY_MJ_MAX, divisor: 1 },
};

export const GPU_SIGNALS = Object.keys(SIGNAL_SPECS) as GpuSignal[];

/** True for a real reading; false for NaN, ±Inf, a sentinel or any value outside the signal's range. */
export function isValidReading(spec: SignalSpec, raw: number): boolean {
  return raw >= spec.min && raw <= spec.max;
}

/** The rollup value of a raw reading, or NaN for a bad sample. */
export function normalizeReading(spec: SignalSpec, raw: number): number {
  return isValidReading(spec, raw) ? raw / spec.divisor : Number.NaN;
}
