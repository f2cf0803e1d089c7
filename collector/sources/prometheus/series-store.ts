/**
 * Generic Prometheus series into `series` / `samples` (migrations/0002_metrics.sql). A batch collects samples per
 * series; writing it inserts the series not stored yet (by their canonical key) and replaces, per series, the
 * stored samples inside the batch's time span with the batch's, so importing or scraping the same data again
 * never duplicates a (series, timestamp). The caller runs it inside a transaction.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoreWriter } from '../../store/writer.ts';
import type { Labels } from './exposition.ts';

/** The natural key of a series: `name{a="1",b="2"}` with labels sorted by name and values escaped as in text. */
export function canonicalSeriesKey(name: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return name;
  return `${name}{${names.map((n) => `${n}="${escapeValue(labels[n] ?? '')}"`).join(',')}}`;
}

function escapeValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

interface PendingSeries {
  readonly name: string;
  readonly labels: Labels;
  readonly ts: number[];
  readonly values: number[];
}

export class SeriesBatch {
  private readonly byKey = new Map<string, PendingSeries>();
  private count = 0;

  /** `key` identifies the series within the batch (the parser's series key is fine); labels are copied. */
  add(key: string, name: string, labels: Labels, ts: number, value: number): void {
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = { name, labels: { ...labels }, ts: [], values: [] };
      this.byKey.set(key, series);
    }
    // The same series twice at one instant (a repeated line) keeps the later value.
    if (series.ts[series.ts.length - 1] === ts) {
      series.values[series.values.length - 1] = value;
      return;
    }
    series.ts.push(ts);
    series.values.push(value);
    this.count++;
  }

  get sampleCount(): number {
    return this.count;
  }

  get seriesCount(): number {
    return this.byKey.size;
  }

  entries(): IterableIterator<PendingSeries> {
    return this.byKey.values();
  }
}

const STAGING = `
CREATE TEMP TABLE IF NOT EXISTS metric_batch_series (idx INTEGER, name VARCHAR, labels VARCHAR, labels_key VARCHAR, lo TIMESTAMPTZ, hi TIMESTAMPTZ);
CREATE TEMP TABLE IF NOT EXISTS metric_batch_samples (idx INTEGER, ts TIMESTAMPTZ, value DOUBLE);
DELETE FROM metric_batch_series; DELETE FROM metric_batch_samples;`;

/** Writes the batch; returns the samples written. */
export async function writeSeriesBatch(connection: DuckDBConnection, writer: StoreWriter, batch: SeriesBatch): Promise<number> {
  if (batch.sampleCount === 0) return 0;
  await connection.run(STAGING);
  const series = { idx: [] as number[], name: [] as string[], labels: [] as string[], labels_key: [] as string[], lo: [] as number[], hi: [] as number[] };
  const samples = { idx: [] as number[], ts: [] as number[], value: [] as number[] };
  let idx = 0;
  for (const s of batch.entries()) {
    series.idx.push(idx);
    series.name.push(s.name);
    series.labels.push(JSON.stringify(s.labels));
    series.labels_key.push(canonicalSeriesKey(s.name, s.labels));
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < s.ts.length; k++) {
      const t = s.ts[k] as number;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      samples.idx.push(idx);
      samples.ts.push(t);
      samples.value.push(s.values[k] as number);
    }
    series.lo.push(lo);
    series.hi.push(hi);
    idx++;
  }
  await writer.append('metric_batch_series', series);
  await writer.append('metric_batch_samples', samples);
  // No ON CONFLICT: DuckDB checks conflicts row by row, which takes minutes when a re-import finds every key.
  await writer.execute(`
    INSERT INTO series (name, labels, labels_key)
    SELECT any_value(name), any_value(labels), labels_key FROM metric_batch_series s
    WHERE NOT EXISTS (SELECT 1 FROM series x WHERE x.labels_key = s.labels_key)
    GROUP BY labels_key`);
  await writer.execute(`
    DELETE FROM samples USING (
      SELECT x.series_id, min(s.lo) AS lo, max(s.hi) AS hi FROM metric_batch_series s JOIN series x USING (labels_key) GROUP BY x.series_id
    ) w
    WHERE samples.series_id = w.series_id AND samples.ts >= w.lo AND samples.ts <= w.hi`);
  await writer.execute(`
    INSERT INTO samples SELECT x.series_id, m.ts, m.value
    FROM metric_batch_samples m JOIN metric_batch_series s USING (idx) JOIN series x USING (labels_key)`);
  return batch.sampleCount;
}
