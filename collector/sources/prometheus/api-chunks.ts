/**
 * Splitting a `query_range` into requests of at most N points per series (Prometheus rejects more than
 * 11,000). Pure. Prometheus evaluates a range at `start, start + step, …` up to and including `end`; the plan
 * keeps that grid: chunk k covers grid points [k·N, (k+1)·N), each chunk ends on its last grid point, the next
 * starts one step later, so no step is fetched twice or skipped. All times are epoch milliseconds.
 */

/** The most points per series Prometheus' `query_range` accepts. */
export const MAX_POINTS_PER_SERIES = 11_000;

export interface RangeChunk {
  /** 0-based position in the plan. */
  readonly index: number;
  readonly startMs: number;
  /** The chunk's last evaluation time, inclusive, on the grid of the range start. */
  readonly endMs: number;
  /** Evaluation times in the chunk: (endMs − startMs) / stepMs + 1. */
  readonly points: number;
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

/** Evaluation times Prometheus makes for [startMs, endMs] at stepMs. */
export function pointCount(startMs: number, endMs: number, stepMs: number): number {
  return Math.floor((endMs - startMs) / stepMs) + 1;
}

/**
 * @throws RangeError when a time or the step is not an integer, the step or maxPoints is below 1, or end is
 * before start.
 */
export function planRangeChunks(startMs: number, endMs: number, stepMs: number, maxPoints = MAX_POINTS_PER_SERIES): RangeChunk[] {
  requireInteger('start', startMs, Number.MIN_SAFE_INTEGER);
  requireInteger('end', endMs, Number.MIN_SAFE_INTEGER);
  requireInteger('step (ms)', stepMs, 1);
  requireInteger('maxPoints', maxPoints, 1);
  if (endMs < startMs) throw new RangeError(`end (${endMs}) is before start (${startMs})`);
  const total = pointCount(startMs, endMs, stepMs);
  const chunks: RangeChunk[] = [];
  for (let first = 0, index = 0; first < total; first += maxPoints, index++) {
    const points = Math.min(maxPoints, total - first);
    const chunkStart = startMs + first * stepMs;
    chunks.push({ index, startMs: chunkStart, endMs: chunkStart + (points - 1) * stepMs, points });
  }
  return chunks;
}
