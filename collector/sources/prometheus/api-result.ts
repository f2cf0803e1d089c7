/**
 * Pure decoding of Prometheus HTTP API responses (`/api/v1/query`, `/api/v1/query_range`), as Prometheus,
 * Thanos, Mimir and VictoriaMetrics send them, and merging of range results fetched in chunks.
 *
 * - Sample values arrive as strings: they are read with the exposition number grammar (`"NaN"`, `"+Inf"`,
 *   `"-Inf"`, decimals, exponents), never with `Number()` (which takes `"0x1"` and `" 1 "`).
 * - Timestamps arrive as float seconds and are kept as integer epoch milliseconds.
 * - Native histogram samples are rejected with a message saying so: Pulse queries float expressions.
 */
import { z } from 'zod';
import { parseValue } from './exposition-number.ts';
import type { Labels } from './exposition-types.ts';

export interface Point {
  readonly timestampMs: number;
  readonly value: number;
}

export interface RangeSeries {
  readonly labels: Labels;
  /** In time order. */
  readonly points: readonly Point[];
}

export interface InstantSample extends Point {
  readonly labels: Labels;
}

export type QueryData =
  | { readonly resultType: 'matrix'; readonly series: readonly RangeSeries[] }
  | { readonly resultType: 'vector'; readonly samples: readonly InstantSample[] }
  | { readonly resultType: 'scalar'; readonly point: Point }
  | { readonly resultType: 'string'; readonly timestampMs: number; readonly value: string };

/** The response envelope; `data` is decoded separately by `decodeQueryData`. */
export const envelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});

export type ApiEnvelope = z.infer<typeof envelopeSchema>;

/** A response body that does not have the documented shape; `path` locates the offending part. */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A sample value string as the API writes it. */
export function parseSampleValue(text: string): number | undefined {
  return parseValue(text, 0, text.length);
}

function timestamp(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ResponseShapeError(path, `expected a timestamp in seconds, got ${preview(value)}`);
  return Math.round(value * 1000);
}

function point(value: unknown, path: string): Point {
  if (!Array.isArray(value) || value.length !== 2) throw new ResponseShapeError(path, `expected [time, "value"], got ${preview(value)}`);
  const raw: unknown = value[1];
  const parsed = typeof raw === 'string' ? parseSampleValue(raw) : undefined;
  if (parsed === undefined) throw new ResponseShapeError(`${path}[1]`, `expected a sample value string such as "1.5", "NaN" or "+Inf", got ${preview(raw)}`);
  return { timestampMs: timestamp(value[0], `${path}[0]`), value: parsed };
}

function labels(value: unknown, path: string): Labels {
  if (!isRecord(value)) throw new ResponseShapeError(path, `expected a label object, got ${preview(value)}`);
  for (const [name, labelValue] of Object.entries(value)) {
    if (typeof labelValue !== 'string') throw new ResponseShapeError(`${path}.${name}`, `expected a string label value, got ${preview(labelValue)}`);
  }
  return value as Labels;
}

function noHistograms(entry: Record<string, unknown>, key: 'histograms' | 'histogram', path: string): void {
  const value = entry[key];
  if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
    throw new ResponseShapeError(`${path}.${key}`, 'native histogram samples are not supported: query a float expression such as histogram_quantile() or histogram_count()');
  }
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ResponseShapeError(path, `expected an array, got ${preview(value)}`);
  return value;
}

function matrix(result: readonly unknown[]): RangeSeries[] {
  return result.map((entry, i) => {
    const path = `data.result[${i}]`;
    if (!isRecord(entry)) throw new ResponseShapeError(path, `expected a series object, got ${preview(entry)}`);
    noHistograms(entry, 'histograms', path);
    const values = entry.values === undefined ? [] : array(entry.values, `${path}.values`);
    return { labels: labels(entry.metric, `${path}.metric`), points: values.map((value, k) => point(value, `${path}.values[${k}]`)) };
  });
}

function vector(result: readonly unknown[]): InstantSample[] {
  return result.map((entry, i) => {
    const path = `data.result[${i}]`;
    if (!isRecord(entry)) throw new ResponseShapeError(path, `expected a sample object, got ${preview(entry)}`);
    noHistograms(entry, 'histogram', path);
    return { labels: labels(entry.metric, `${path}.metric`), ...point(entry.value, `${path}.value`) };
  });
}

/** Decodes the `data` member of a successful response. */
export function decodeQueryData(data: unknown): QueryData {
  if (!isRecord(data)) throw new ResponseShapeError('data', `expected an object, got ${preview(data)}`);
  const { resultType, result } = data;
  switch (resultType) {
    case 'matrix':
      return { resultType, series: matrix(array(result, 'data.result')) };
    case 'vector':
      return { resultType, samples: vector(array(result, 'data.result')) };
    case 'scalar':
      return { resultType, point: point(result, 'data.result') };
    case 'string': {
      if (!Array.isArray(result) || result.length !== 2 || typeof result[1] !== 'string') {
        throw new ResponseShapeError('data.result', `expected [time, "text"], got ${preview(result)}`);
      }
      return { resultType, timestampMs: timestamp(result[0], 'data.result[0]'), value: result[1] };
    }
    default:
      throw new ResponseShapeError('data.resultType', `expected matrix, vector, scalar or string, got ${preview(resultType)}`);
  }
}

/** Identity of a series: its label pairs sorted by name. */
export function labelSetKey(set: Labels): string {
  return JSON.stringify(Object.entries(set).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Joins matrices of consecutive time ranges into one series per label set, in order of first appearance.
 * A point at or before the last one already held for its series is skipped: query frontends that align
 * ranges to the step (Thanos, Mimir) may return a boundary point twice.
 */
export function mergeMatrices(parts: Iterable<readonly RangeSeries[]>): RangeSeries[] {
  const merged = new Map<string, { labels: Labels; points: Point[] }>();
  for (const part of parts) {
    for (const series of part) {
      const key = labelSetKey(series.labels);
      let target = merged.get(key);
      if (target === undefined) {
        target = { labels: series.labels, points: [] };
        merged.set(key, target);
      }
      const points = target.points;
      for (const p of series.points) {
        const last = points[points.length - 1];
        if (last === undefined || p.timestampMs > last.timestampMs) points.push(p);
      }
    }
  }
  return [...merged.values()];
}
