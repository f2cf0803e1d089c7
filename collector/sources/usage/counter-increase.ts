/**
 * The increase of a request counter over exactly a window, from raw samples, with counter resets handled as
 * Prometheus does (a drop means the counter restarted from zero). The counter's value at a window edge is
 * interpolated between the samples around it, so consecutive windows add up to the increase over their union.
 * A series with no sample before the window began inside it (a new pod: its counter started at zero); one with
 * no sample after the window's end stopped inside it (or the window is still running). Pure.
 */

export interface CounterSample {
  /** Epoch milliseconds. */
  t: number;
  value: number;
}

/** Reset-corrected cumulative values: after a drop, the earlier value is carried as an offset. */
export function resetCorrected(samples: readonly CounterSample[]): CounterSample[] {
  const sorted = [...samples].filter((s) => Number.isFinite(s.value)).sort((a, b) => a.t - b.t);
  const out: CounterSample[] = [];
  let offset = 0;
  let previous: number | null = null;
  for (const s of sorted) {
    if (previous !== null && s.value < previous) offset += previous;
    previous = s.value;
    const last = out[out.length - 1];
    if (last && last.t === s.t) last.value = s.value + offset;
    else out.push({ t: s.t, value: s.value + offset });
  }
  return out;
}

/** The corrected counter at t, interpolated; t must lie within the samples' span. */
function valueAt(corrected: readonly CounterSample[], t: number): number {
  let lo = 0;
  let hi = corrected.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((corrected[mid] as CounterSample).t <= t) lo = mid;
    else hi = mid;
  }
  const a = corrected[lo] as CounterSample;
  const b = corrected[hi] as CounterSample;
  if (b.t === a.t || t <= a.t) return a.value;
  if (t >= b.t) return b.value;
  return a.value + ((b.value - a.value) * (t - a.t)) / (b.t - a.t);
}

/** Increase of one series over [start, end); null when it has no sample at all (nothing is known). */
export function increaseOver(samples: readonly CounterSample[], start: number, end: number): number | null {
  const corrected = resetCorrected(samples);
  const first = corrected[0];
  const last = corrected[corrected.length - 1];
  if (!first || !last) return null;
  if (last.t < start || first.t >= end) return 0;
  const from = first.t <= start ? valueAt(corrected, start) : 0;
  const to = last.t >= end ? valueAt(corrected, end) : last.value;
  return to - from;
}

/** The increase of all series of a counter (e.g. one per pod) over [start, end); null when none has samples. */
export function totalIncrease(series: readonly (readonly CounterSample[])[], start: number, end: number): number | null {
  let total: number | null = null;
  for (const samples of series) {
    const increase = increaseOver(samples, start, end);
    if (increase !== null) total = (total ?? 0) + increase;
  }
  return total;
}
